import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { parseAnnounceQuery, type AnnounceRequest } from '../../core/protocol/tracker/http.js';
import {
  decodeUdpRequest,
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
} from '../../core/protocol/tracker/udp.js';

/** What a scripted HTTP tracker answers: a status and body, or nothing ever ('hang'). */
export type HttpAnswer = { status?: number; body: string | Uint8Array } | 'hang';

/**
 * A scripted HTTP tracker on 127.0.0.1: records every announce it gets (parsed as the real tracker
 * parses them) and answers whatever `answer` says.
 */
export class ScriptedHttpTracker {
  readonly announces: AnnounceRequest[] = [];
  answer: (request: AnnounceRequest, path: string) => HttpAnswer = () => ({ body: 'd8:intervali60e5:peers0:e' });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<ScriptedHttpTracker> {
    const server = createServer();
    const tracker = new ScriptedHttpTracker(server);
    server.on('request', (req, res) => {
      const [path = '', query = ''] = (req.url ?? '').split('?');
      let request: AnnounceRequest;
      try {
        request = parseAnnounceQuery(query, 200);
      } catch (e) {
        res.writeHead(400).end((e as Error).message);
        return;
      }
      tracker.announces.push(request);
      const answer = tracker.answer(request, path);
      if (answer !== 'hang') res.writeHead(answer.status ?? 200).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return tracker;
  }

  /** The announce URL under `path` (the path is the script's to read). */
  url(path = '/announce'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A BEP 15 tracker on 127.0.0.1 that counts connects and announces, can ignore the next few
 * packets (to make the client retransmit) and can forget every connection id it gave.
 */
export class ScriptedUdpTracker {
  connects = 0;
  announces = 0;
  /** Packets still to be ignored, as if lost. */
  drop = 0;
  /** Ignore a request with an unknown connection id, as opentracker and aquatic do, instead of an error reply. */
  silentOnUnknownId = false;
  private ids = new Set<string>();

  private constructor(private readonly socket: Socket) {}

  static async start(): Promise<ScriptedUdpTracker> {
    const socket = createSocket('udp4');
    const tracker = new ScriptedUdpTracker(socket);
    socket.on('message', (packet, from) => {
      const reply = tracker.handle(packet);
      if (reply) socket.send(reply, from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return tracker;
  }

  get url(): string {
    return `udp://127.0.0.1:${this.socket.address().port}/announce`;
  }

  /** Refuses every connection id given so far, as a restarted tracker would. */
  forgetIds(): void {
    this.ids.clear();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private handle(packet: Buffer): Uint8Array | undefined {
    if (this.drop > 0) {
      this.drop--;
      return undefined;
    }
    const request = decodeUdpRequest(packet, 200);
    if (request.action === 'connect') {
      this.connects++;
      const id = randomBytes(8);
      this.ids.add(id.toString('hex'));
      return encodeUdpConnectResponse(request.transactionId, id);
    }
    if (!this.ids.has(Buffer.from(request.connectionId).toString('hex')))
      return this.silentOnUnknownId ? undefined : encodeUdpError(request.transactionId, 'unknown connection id');
    if (request.action !== 'announce') return encodeUdpError(request.transactionId, 'announce only');
    this.announces++;
    return encodeUdpAnnounceResponse(request.transactionId, {
      interval: 120,
      leechers: 3,
      seeders: 4,
      peers: Uint8Array.of(10, 0, 0, 7, 0x1a, 0xe1),
    });
  }
}

/** Polls `check` every 10 ms until it holds; fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
