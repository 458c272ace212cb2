import { maxHeaderSize as defaultMaxHeaderSize, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { hasBareLf, mayBeFast, parseHead, type FastPath } from './http-head.js';

/**
 * The announce and scrape hot path, below node:http: each connection starts here, and requests
 * that parseHead accepts (plain `GET /announce` and `GET /scrape`, keep-alive and pipelined) are
 * answered straight from the socket's bytes, without node:http's parser, request and response
 * objects and header validation (under wrk those cost more than the announce itself). At the
 * first request that is anything else (a stats page, /metrics, a WebSocket upgrade, junk) the
 * connection is handed over, its unread bytes put back, to the node:http server that would have
 * had it anyway, and which answers it exactly as before. Limits are the server's own: its
 * maxHeaderSize, headersTimeout and keepAliveTimeout.
 */

/** Answers one announce or scrape with its bencoded body (always status 200, as trackers do). */
export type FastAnswer = (
  path: FastPath,
  query: string,
  socketAddress: string,
  forwardedFor: string | undefined,
) => Uint8Array;

export interface FastPathHandle {
  /** Connections still on the fast path (none is mid-reply: replies are written whole). */
  readonly connections: ReadonlySet<Socket>;
  /** Closes every connection on the fast path; node:http's own close methods cover the rest. */
  closeAll(): void;
}

export class FastPathSetupError extends Error {
  readonly code = 'fast-path-setup';
}

/**
 * Takes over `http`'s incoming connections; call before `listen`. `maxHeaderBytes` must be what
 * node:http enforces (its default unless the server was given another).
 */
export function installFastPath(
  http: Server,
  answer: FastAnswer,
  maxHeaderBytes = defaultMaxHeaderSize,
): FastPathHandle {
  const listeners = http.listeners('connection');
  if (listeners.length !== 1) {
    throw new FastPathSetupError(`expected node:http's one connection listener, found ${listeners.length}`);
  }
  const nodeListener = listeners[0] as (socket: Socket) => void;
  http.removeListener('connection', nodeListener);
  const connections = new Set<Socket>();
  const handOver = (socket: Socket, unread: string) => {
    connections.delete(socket);
    if (unread !== '') socket.unshift(Buffer.from(unread, 'latin1'));
    nodeListener.call(http, socket);
  };
  http.on('connection', (socket: Socket) => {
    connections.add(socket);
    new FastConnection(socket, http, maxHeaderBytes, answer, handOver, () => connections.delete(socket));
  });
  return {
    connections,
    closeAll() {
      for (const socket of connections) socket.destroy();
      connections.clear();
    },
  };
}

const HEADERS =
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=binary\r\nCache-Control: no-store\r\nContent-Length: ';

class FastConnection {
  /** Bytes received and not yet answered, as latin1 (one char per byte, so handing them back is lossless). */
  private pending = '';
  /** When the head now arriving must be complete (ms), as node:http's headersTimeout; 0 between requests. */
  private headDeadline: number;
  /** The socket's idle timeout now set, so that it is set again only when it changes. */
  private timeoutMs = 0;

  constructor(
    private readonly socket: Socket,
    private readonly http: Server,
    private readonly maxHeaderBytes: number,
    private readonly answer: FastAnswer,
    private readonly handOver: (socket: Socket, unread: string) => void,
    private readonly forget: () => void,
  ) {
    this.headDeadline = Date.now() + http.headersTimeout;
    this.setTimeout(http.headersTimeout);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('timeout', this.onTimeout);
    socket.on('error', this.onError);
    socket.on('close', this.forget);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.pending === '') this.startHead();
    this.pending += chunk.toString('latin1');
    let out = '';
    while (this.pending !== '') {
      if (!mayBeFast(this.pending)) return this.leave(out);
      const end = this.pending.indexOf('\r\n\r\n');
      const limit = this.maxHeaderBytes;
      if (end < 0) {
        // Too long, or lines node:http may read differently: let node:http refuse or read them.
        if (this.pending.length > limit || hasBareLf(this.pending, 0)) return this.leave(out);
        if (Date.now() > this.headDeadline) return void this.socket.destroy();
        this.setTimeout(Math.max(1, this.headDeadline - Date.now()));
        break;
      }
      const request = end + 4 <= limit ? parseHead(this.pending.slice(0, end)) : undefined;
      if (!request) return this.leave(out);
      this.pending = this.pending.slice(end + 4);
      this.headDeadline = 0;
      const body = this.answer(request.path, request.query, this.socket.remoteAddress ?? '', request.forwardedFor);
      out += this.reply(body, request.keepAlive);
      if (!request.keepAlive) return this.finish(out);
      if (this.pending !== '') this.startHead();
    }
    if (out !== '' && !this.socket.write(out, 'latin1')) {
      // A client that sends without reading gets no more until it has read what it was sent.
      this.socket.pause();
      this.socket.once('drain', () => this.socket.resume());
    }
    // Between requests, as node:http: the connection may stay keepAliveTimeout without a byte.
    if (this.pending === '') this.setTimeout(this.http.keepAliveTimeout);
  };

  private reply(body: Uint8Array, keepAlive: boolean): string {
    const connection = keepAlive
      ? `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(this.http.keepAliveTimeout / 1000)}`
      : 'Connection: close';
    const text = Buffer.from(body.buffer, body.byteOffset, body.length).toString('latin1');
    return `${HEADERS}${body.length}\r\nDate: ${httpDate()}\r\n${connection}\r\n\r\n${text}`;
  }

  /** A new head begins: from now it has headersTimeout to arrive whole. */
  private startHead(): void {
    if (this.headDeadline === 0) this.headDeadline = Date.now() + this.http.headersTimeout;
  }

  private setTimeout(ms: number): void {
    if (ms === this.timeoutMs) return;
    this.timeoutMs = ms;
    this.socket.setTimeout(ms);
  }

  /** Sends the last reply and closes (Connection: close); whatever else the client sent is ignored. */
  private finish(out: string): void {
    this.socket.off('data', this.onData);
    this.socket.end(out, 'latin1');
  }

  private readonly onEnd = (): void => {
    // http.Server sockets are half-open: close our side, unless the client stopped mid-head.
    this.socket.off('data', this.onData);
    if (this.pending === '') this.socket.end();
    else this.socket.destroy();
  };

  private readonly onTimeout = (): void => {
    this.socket.destroy();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  /** Writes what was answered so far, then gives the connection and its unread bytes to node:http. */
  private leave(out: string): void {
    if (out !== '') this.socket.write(out, 'latin1');
    for (const [event, listener] of [
      ['data', this.onData],
      ['end', this.onEnd],
      ['timeout', this.onTimeout],
      ['error', this.onError],
      ['close', this.forget],
    ] as const)
      this.socket.off(event, listener);
    this.socket.setTimeout(0);
    this.handOver(this.socket, this.pending);
  }
}

let dateSecond = -1;
let dateText = '';

/** The Date header, made once a second (node:http caches it the same way). */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
