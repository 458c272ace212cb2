import type { LookupAddress } from 'node:dns';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { decodeUdpResponse, encodeUdpConnect, type UdpResponse } from '../../protocol/tracker/udp-client.js';
import { ProtocolError } from '../../protocol/errors.js';
import { addressGuard } from './address-guard.js';
import { TrackerClientError } from './errors.js';
import { abortError, deadlineSignal, DEFAULT_TIMEOUT_MS, untilAborted, type RequestOptions } from './options.js';

/** BEP 15: a client may use a connection id until one minute after it received it. */
const CONNECTION_ID_TTL_MS = 60_000;
/** BEP 15 retransmits after 15·2ⁿ s, n from 0 up to 8. */
const FIRST_WAIT_MS = 15_000;
const LAST_N = 8;
/**
 * A budget too short for the BEP's waits (a scrape for a web page cannot wait minutes) scales them
 * down so that this many attempts fit: with 3, they wait 1/7, 2/7 and 4/7 of it.
 */
const ATTEMPTS_IN_SHORT_BUDGET = 3;

/** Recent connection ids by tracker address, shared by every request of this process. */
const connectionIds = new Map<string, { id: Uint8Array; usableUntil: number }>();

export type UdpReply<A extends UdpResponse['action']> = Extract<UdpResponse, { action: A }>;

/** A UDP tracker for the span of one operation (a scrape in batches, an announce). */
export interface UdpTracker {
  /**
   * Sends a request that carries a connection id and returns the reply to it: connects first
   * unless a connection id for this tracker address is less than a minute old.
   */
  request<A extends 'announce' | 'scrape'>(
    action: A,
    encode: (connectionId: Uint8Array, transactionId: number) => Uint8Array,
  ): Promise<UdpReply<A>>;
}

/** Resolves the tracker of a udp:// URL (within the address policy), lets `use` talk to it, then closes the socket. */
export async function withUdpTracker<T>(
  announceUrl: string,
  options: RequestOptions,
  use: (tracker: UdpTracker) => Promise<T>,
): Promise<T> {
  const url = new URL(announceUrl);
  const port = Number(url.port);
  if (!url.hostname || !port)
    throw new TrackerClientError('bad-url', `UDP tracker URL needs a host and a port: ${announceUrl}`);
  const guard = addressGuard(options.blockPrivateAddresses ?? false);
  const signal = deadlineSignal(options);
  // Resolved once and checked here: every packet goes to this very address, never to a fresh lookup.
  const target = await untilAborted(guard.resolve(url.hostname), signal, announceUrl);
  const socket = createSocket(target.family === 6 ? 'udp6' : 'udp4');
  const link = new UdpLink(socket, target, port, signal, announceUrl, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    return await use(link);
  } finally {
    socket.close();
  }
}

interface Waiter {
  transactionId: number;
  settle(error: Error | undefined, reply?: UdpResponse): void;
}

/** One request/response at a time over a UDP socket, matched by transaction id, with retransmission. */
class UdpLink implements UdpTracker {
  private readonly peerWidth: 6 | 18;
  private readonly waitScale: number;
  private readonly key: string;
  private waiter: Waiter | undefined;
  private broken: Error | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly target: LookupAddress,
    private readonly port: number,
    private readonly signal: AbortSignal,
    private readonly url: string,
    budgetMs: number,
  ) {
    this.peerWidth = target.family === 6 ? 18 : 6;
    this.waitScale = Math.min(1, budgetMs / (FIRST_WAIT_MS * (2 ** ATTEMPTS_IN_SHORT_BUDGET - 1)));
    this.key = `${target.address}|${port}`;
    socket.on('message', (message, from) => this.onMessage(message, from));
    socket.on('error', (e) => this.onError(e));
  }

  async request<A extends 'announce' | 'scrape'>(
    action: A,
    encode: (connectionId: Uint8Array, transactionId: number) => Uint8Array,
  ): Promise<UdpReply<A>> {
    const cached = connectionIds.get(this.key);
    if (cached && cached.usableUntil > performance.now()) {
      try {
        return await this.exchange(action, (tid) => encode(cached.id, tid), 1);
      } catch (e) {
        // A tracker that forgot the id (a restart, or bound to our old port) answers with an error,
        // or, like opentracker and aquatic, not at all: one unanswered try is enough to connect afresh.
        const forgotten = e instanceof TrackerClientError && (e.code === 'tracker-failure' || e.code === 'timeout');
        if (!forgotten || this.signal.aborted) throw e;
        connectionIds.delete(this.key);
      }
    }
    const connectionId = await this.connect();
    return this.exchange(action, (tid) => encode(connectionId, tid));
  }

  private async connect(): Promise<Uint8Array> {
    const reply = await this.exchange('connect', encodeUdpConnect);
    const now = performance.now();
    for (const [key, entry] of connectionIds) if (entry.usableUntil <= now) connectionIds.delete(key);
    connectionIds.set(this.key, { id: reply.connectionId, usableUntil: now + CONNECTION_ID_TTL_MS });
    return reply.connectionId;
  }

  /** Sends, then retransmits on BEP 15's schedule (scaled to the budget) up to `attempts` times in all. */
  private async exchange<A extends UdpResponse['action']>(
    action: A,
    encode: (transactionId: number) => Uint8Array,
    attempts = LAST_N + 1,
  ): Promise<UdpReply<A>> {
    const transactionId = randomInt(0, 2 ** 32);
    const packet = encode(transactionId);
    for (let n = 0; n < attempts; n++) {
      const reply = await this.sendAndWait(packet, transactionId, FIRST_WAIT_MS * 2 ** n * this.waitScale);
      if (!reply) continue;
      if (reply.action === 'error')
        throw new TrackerClientError('tracker-failure', `${this.url} refused: ${reply.message}`);
      if (reply.action !== action)
        throw new TrackerClientError('bad-response', `${this.url} answered ${reply.action} to ${action}`);
      return reply as UdpReply<A>;
    }
    throw new TrackerClientError('timeout', `no answer from ${this.url} after ${attempts} attempts`);
  }

  /** Resolves with the matching reply, or undefined when this attempt's wait is over. */
  private sendAndWait(packet: Uint8Array, transactionId: number, waitMs: number): Promise<UdpResponse | undefined> {
    return new Promise((resolve, reject) => {
      const settle = (error: Error | undefined, reply?: UdpResponse) => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onAbort);
        this.waiter = undefined;
        if (error) reject(error);
        else resolve(reply);
      };
      const onAbort = () => settle(abortError(this.signal, this.url));
      if (this.broken) return reject(this.broken);
      if (this.signal.aborted) return reject(abortError(this.signal, this.url));
      const timer = setTimeout(() => settle(undefined), waitMs);
      this.signal.addEventListener('abort', onAbort);
      this.waiter = { transactionId, settle };
      this.socket.send(packet, this.port, this.target.address, (error) => {
        if (error) this.onError(error);
      });
    });
  }

  private onMessage(message: Buffer, from: RemoteInfo): void {
    const waiter = this.waiter;
    if (!waiter || from.port !== this.port || from.address !== this.target.address) return;
    let reply: UdpResponse;
    try {
      reply = decodeUdpResponse(message, this.peerWidth);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      return waiter.settle(new TrackerClientError(e.code, `${this.url}: ${e.message}`));
    }
    if (reply.transactionId === waiter.transactionId) waiter.settle(undefined, reply);
  }

  private onError(e: Error): void {
    this.broken = new TrackerClientError('network', `${this.url}: ${e.message}`, { cause: e });
    this.waiter?.settle(this.broken);
  }
}
