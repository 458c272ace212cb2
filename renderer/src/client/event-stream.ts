import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { ConnectionState } from './shoal-client.js';

/** The part of a browser WebSocket (or the `ws` package's) the events stream uses. */
export interface EventSocket {
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number }) => void): void;
  send(data: string): void;
  close(code?: number): void;
}
export type SocketConstructor = new (url: string) => EventSocket;

/** The daemon closes with this when the auth message is missing or wrong (daemon-protocol.md). */
export const CLOSE_UNAUTHORIZED = 4401;
/** A connection that stayed up this long was good: the next loss starts the back-off afresh. */
const STABLE_MS = 10_000;

export interface EventStreamOptions {
  url: string;
  token: string;
  WebSocket: SocketConstructor;
  backoff: BackoffOptions;
  /** Each frame's data as received; the caller parses it. */
  onFrame(data: unknown): void;
  onState(state: ConnectionState): void;
}

/**
 * The daemon's events WebSocket, kept open: it authenticates with the first message (browsers
 * cannot set headers on a WebSocket), reconnects with back-off when the connection is lost, and
 * gives up only when the daemon refuses the token.
 */
export class EventStream {
  private socket: EventSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private everOpened = false;
  private closed = false;

  constructor(private readonly options: EventStreamOptions) {}

  start(): void {
    if (this.closed || this.socket) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.connect();
  }

  /** Ends the stream for good (no reconnect). Safe to call twice. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000);
  }

  private connect(): void {
    const { url, token, onFrame, onState } = this.options;
    onState({ status: 'connecting' });
    let socket: EventSocket;
    try {
      socket = new this.options.WebSocket(url);
    } catch (error) {
      this.retry(`cannot open ${url}: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    let openedAt: number | undefined;
    socket.addEventListener('open', () => {
      openedAt = Date.now();
      this.everOpened = true;
      socket.send(JSON.stringify({ type: 'auth', token }));
      onState({ status: 'connected' });
    });
    socket.addEventListener('message', (event) => onFrame(event.data));
    // The close that follows an error says what to do; a listener must exist all the same (Node's ws throws without one).
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.closed) return;
      if (event.code === CLOSE_UNAUTHORIZED) {
        onState({ status: 'unauthorized', message: 'the daemon refused the token' });
        return;
      }
      if (openedAt !== undefined && Date.now() - openedAt >= STABLE_MS) this.attempt = 0;
      this.retry(this.everOpened ? 'lost the connection to the Shoal daemon' : 'cannot reach the Shoal daemon');
    });
  }

  private retry(message: string): void {
    const delay = backoffDelay(this.attempt++, this.options.backoff);
    this.options.onState({ status: 'disconnected', message, retryAt: Date.now() + delay });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.connect();
    }, delay);
  }
}
