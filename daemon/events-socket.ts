import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { events, type ApiEventMap, type EventName } from '../core/api/index.js';
import type { Logger } from '../core/server/logger.js';
import { tokensEqual } from './token.js';

/** What the socket needs of the engine: its typed events (Session.events). */
export interface EventSource {
  on<K extends EventName>(event: K, listener: (payload: ApiEventMap[K]) => void): () => void;
}

export interface EventsSocketOptions {
  events: EventSource;
  token: string;
  logger: Logger;
  /** How long a new connection has to send its auth message (default 5 s). */
  authTimeoutMs?: number;
  /** Ping period; a client that has not answered the previous ping is dropped (default 30 s). */
  heartbeatMs?: number;
}

/** Close code for a missing or wrong auth message (daemon-protocol.md). */
export const CLOSE_UNAUTHORIZED = 4401;
const MAX_PAYLOAD = 64 * 1024;
const CLOSE_GRACE_MS = 1000;
/** A client this far behind (a stalled tab) is dropped: it reconnects and reloads the list. */
const MAX_BUFFERED = 8 * 1024 * 1024;

interface Client {
  authed: boolean;
  alive: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * `GET /api/v1/events`: the engine's events, one JSON text frame each (`{event, payload}`), to
 * every client that sent `{"type":"auth","token":...}` first. Browsers cannot set headers on a
 * WebSocket, hence the auth message instead of the Bearer header.
 */
export class EventsSocket {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD,
    clientTracking: false,
    perMessageDeflate: false,
  });
  private readonly clients = new Map<WebSocket, Client>();
  private readonly unsubscribe: (() => void)[];
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: EventsSocketOptions) {
    this.unsubscribe = (Object.keys(events) as EventName[]).map((event) =>
      options.events.on(event, (payload) => this.broadcast(event, payload)),
    );
    this.heartbeat = setInterval(() => this.ping(), options.heartbeatMs ?? 30_000).unref();
  }

  /** Takes over an upgrade request that passed the Host and Origin checks. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closed) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Closes every connection (1001, going away) and stops listening to the engine. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const off of this.unsubscribe) off();
    for (const [ws, client] of this.clients) {
      clearTimeout(client.timer);
      ws.close(1001, 'the daemon is stopping');
      // A client that does not answer the close frame must not hold the stop up.
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    }
    this.clients.clear();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    const client: Client = { authed: false, alive: true, timer: undefined };
    client.timer = setTimeout(
      () => ws.close(CLOSE_UNAUTHORIZED, 'no auth message'),
      this.options.authTimeoutMs ?? 5000,
    );
    this.clients.set(ws, client);
    ws.on('message', (data, isBinary) => {
      if (!client.authed) this.authenticate(ws, client, isBinary ? undefined : data);
    });
    ws.on('pong', () => (client.alive = true));
    ws.on('error', (e) => this.options.logger.debug({ err: e }, 'events socket error'));
    ws.on('close', () => {
      clearTimeout(client.timer);
      this.clients.delete(ws);
    });
  }

  private authenticate(ws: WebSocket, client: Client, data: RawData | undefined): void {
    clearTimeout(client.timer);
    if (data !== undefined && tokensEqual(authToken(data) ?? '', this.options.token)) {
      client.authed = true;
      return;
    }
    ws.close(CLOSE_UNAUTHORIZED, 'wrong or missing token');
  }

  private broadcast<K extends EventName>(event: K, payload: ApiEventMap[K]): void {
    let frame: string | undefined;
    for (const [ws, client] of this.clients) {
      if (!client.authed || ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        this.options.logger.warn('an events client fell too far behind: dropped');
        ws.terminate();
        continue;
      }
      frame ??= JSON.stringify({ event, payload });
      ws.send(frame);
    }
  }

  private ping(): void {
    for (const [ws, client] of this.clients) {
      if (!client.alive) {
        ws.terminate();
        continue;
      }
      client.alive = false;
      ws.ping();
    }
  }
}

/** The token of a `{"type":"auth","token":"..."}` message, or undefined. */
function authToken(data: RawData): string | undefined {
  try {
    const message = JSON.parse(data.toString()) as { type?: unknown; token?: unknown };
    return message.type === 'auth' && typeof message.token === 'string' ? message.token : undefined;
  } catch {
    return undefined;
  }
}
