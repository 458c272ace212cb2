import type { LookupAddress } from 'node:dns';
import { createSocket, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import {
  decodeUdpResponse,
  encodeUdpConnect,
  encodeUdpScrape,
  type UdpResponse,
} from '../../protocol/tracker/udp-client.js';
import { UDP_MAX_SCRAPE } from '../../protocol/tracker/udp.js';
import { ProtocolError } from '../../protocol/errors.js';
import { toHex } from '../../protocol/hex.js';
import { addressGuard } from './address-guard.js';
import { TrackerClientError } from './errors.js';
import { abortError, deadlineSignal, untilAborted, type ScrapeOptions, type ScrapeResult } from './options.js';

/**
 * BEP 15 retransmits after 15·2ⁿ s; a scrape for a web page cannot wait minutes, so each attempt
 * waits a share of the caller's budget, doubling: with 3 attempts, 1/7, 2/7 and 4/7 of it.
 */
const ATTEMPTS = 3;

/** BEP 15 scrape: connect, then scrape in batches of at most 74 info hashes. */
export async function scrapeUdp(
  announceUrl: string,
  infoHashes: readonly Uint8Array[],
  options: ScrapeOptions,
): Promise<ScrapeResult> {
  const url = new URL(announceUrl);
  const port = Number(url.port);
  if (!url.hostname || !port)
    throw new TrackerClientError('bad-url', `UDP tracker URL needs a host and a port: ${announceUrl}`);
  const guard = addressGuard(options.blockPrivateAddresses ?? false);
  const signal = deadlineSignal(options);
  // Resolved once and checked here: every packet goes to this very address, never to a fresh lookup.
  const target = await untilAborted(guard.resolve(url.hostname), signal, announceUrl);
  const socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
  const exchange = new UdpExchange(socket, target, port, signal, announceUrl, options.timeoutMs);
  try {
    const connected = await exchange.request((tid) => encodeUdpConnect(tid), 'connect');
    const out: ScrapeResult = new Map();
    for (let at = 0; at < infoHashes.length; at += UDP_MAX_SCRAPE) {
      const batch = infoHashes.slice(at, at + UDP_MAX_SCRAPE);
      const reply = await exchange.request((tid) => encodeUdpScrape(connected.connectionId, tid, batch), 'scrape');
      if (reply.files.length !== batch.length)
        throw new TrackerClientError(
          'bad-response',
          `${announceUrl} answered ${reply.files.length} of ${batch.length} torrents`,
        );
      batch.forEach((hash, i) => out.set(toHex(hash), reply.files[i]!));
    }
    return out;
  } finally {
    socket.close();
  }
}

type Reply<A extends UdpResponse['action']> = Extract<UdpResponse, { action: A }>;

/** One request/response at a time over a UDP socket, matched by transaction id, with retries. */
class UdpExchange {
  private readonly peerWidth: 6 | 18;
  private readonly attemptMs: number;

  constructor(
    private readonly socket: Socket,
    private readonly target: LookupAddress,
    private readonly port: number,
    private readonly signal: AbortSignal,
    private readonly url: string,
    timeoutMs = 15_000,
  ) {
    this.peerWidth = target.family === 6 ? 18 : 6;
    this.attemptMs = timeoutMs / (2 ** ATTEMPTS - 1);
  }

  async request<A extends 'connect' | 'scrape'>(
    encode: (transactionId: number) => Uint8Array,
    action: A,
  ): Promise<Reply<A>> {
    const transactionId = randomInt(0, 2 ** 32);
    const packet = encode(transactionId);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const reply = await this.sendAndWait(packet, transactionId, this.attemptMs * 2 ** attempt);
      if (!reply) continue;
      if (reply.action === 'error')
        throw new TrackerClientError('tracker-failure', `${this.url} refused: ${reply.message}`);
      if (reply.action !== action)
        throw new TrackerClientError('bad-response', `${this.url} answered ${reply.action} to ${action}`);
      return reply as Reply<A>;
    }
    throw new TrackerClientError('timeout', `no answer from ${this.url} after ${ATTEMPTS} attempts`);
  }

  /** Resolves with the matching reply, or undefined when this attempt's wait is over. */
  private sendAndWait(packet: Uint8Array, transactionId: number, waitMs: number): Promise<UdpResponse | undefined> {
    return new Promise((resolve, reject) => {
      const done = (error: Error | undefined, reply?: UdpResponse) => {
        clearTimeout(timer);
        this.socket.off('message', onMessage);
        this.socket.off('error', onError);
        this.signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(reply);
      };
      const onMessage = (message: Buffer) => {
        let reply: UdpResponse;
        try {
          reply = decodeUdpResponse(message, this.peerWidth);
        } catch (e) {
          if (e instanceof ProtocolError) return done(new TrackerClientError(e.code, `${this.url}: ${e.message}`));
          throw e;
        }
        if (reply.transactionId === transactionId) done(undefined, reply);
      };
      const onError = (e: Error) => done(new TrackerClientError('network', `${this.url}: ${e.message}`, { cause: e }));
      const onAbort = () => done(abortError(this.signal, this.url));
      if (this.signal.aborted) return onAbort();
      const timer = setTimeout(() => done(undefined), waitMs);
      this.socket.on('message', onMessage);
      this.socket.on('error', onError);
      this.signal.addEventListener('abort', onAbort);
      this.socket.send(packet, this.port, this.target.address);
    });
  }
}
