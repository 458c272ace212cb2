import { WebSocket } from 'ws';
import { ProtocolError } from '../../protocol/errors.js';
import { parseWsTrackerMessage, type WsTrackerMessage } from '../../protocol/tracker/ws-client.js';
import { addressGuard } from './address-guard.js';

export interface TrackerSocketHandlers {
  onOpen(): void;
  onMessage(message: WsTrackerMessage): void;
  /** The socket dropped or could not connect (`lost`), or sent garbage; it reconnects by itself. */
  onError(reason: string, lost: boolean): void;
}

export interface TrackerSocketOptions {
  reconnect: { minMs: number; maxMs: number };
  blockPrivateAddresses: boolean;
}

/** Frames from a tracker are small JSON objects; our tracker caps them at 64 KiB too. */
const MAX_FRAME_BYTES = 64 * 1024;
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * One WebSocket to one tracker URL, kept open: when it drops or cannot connect it tries again
 * after an exponential back-off with jitter (reset once a connection has stayed up), until
 * closed. Frames are parsed here; a garbage frame is reported and skipped, never thrown.
 */
export class TrackerSocket {
  private ws: WebSocket | undefined;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly url: string,
    private readonly options: TrackerSocketOptions,
    private readonly handlers: TrackerSocketHandlers,
  ) {
    this.retryMs = options.reconnect.minMs;
    this.connect();
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends if open; a frame sent while disconnected is dropped (announces are repeated on reconnect). */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    this.ws!.send(text);
    return true;
  }

  /** Closes after what was sent has gone out (bounded), and stops reconnecting. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000).unref();
      ws.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
    });
  }

  private connect(): void {
    if (this.closed) return;
    let ws: WebSocket;
    try {
      const guard = addressGuard(this.options.blockPrivateAddresses);
      guard.checkLiteral(new URL(this.url).hostname);
      ws = new WebSocket(this.url, {
        perMessageDeflate: false,
        maxPayload: MAX_FRAME_BYTES,
        handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
        lookup: guard.lookup,
      });
    } catch (e) {
      this.handlers.onError(`cannot connect to ${this.url}: ${(e as Error).message}`, true);
      return this.retryLater();
    }
    this.ws = ws;
    let openedAt = 0;
    let failure: string | undefined;
    ws.on('open', () => {
      openedAt = Date.now();
      this.handlers.onOpen();
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
    ws.on('error', (e) => (failure = e.message));
    ws.on('close', (code) => {
      if (this.ws !== ws || this.closed) return;
      this.ws = undefined;
      const why = failure ?? (openedAt === 0 ? 'refused the connection' : `closed the connection (${code})`);
      this.handlers.onError(`${this.url}: ${why}`, true);
      // A connection that stayed up a while earns a quick retry; flapping ones back off.
      if (openedAt > 0 && Date.now() - openedAt > 30_000) this.retryMs = this.options.reconnect.minMs;
      this.retryLater();
    });
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (isBinary) return this.handlers.onError(`${this.url} sent a binary frame`, false);
    let message: WsTrackerMessage;
    try {
      message = parseWsTrackerMessage(data.toString('utf8'));
    } catch (e) {
      if (e instanceof ProtocolError) return this.handlers.onError(`${this.url}: ${e.message}`, false);
      throw e;
    }
    this.handlers.onMessage(message);
  }

  private retryLater(): void {
    if (this.closed) return;
    const jitter = 0.5 + Math.random();
    const delay = Math.min(this.options.reconnect.maxMs, this.retryMs * jitter);
    this.retryMs = Math.min(this.options.reconnect.maxMs, this.retryMs * 2);
    this.timer = setTimeout(() => this.connect(), delay).unref();
  }
}
