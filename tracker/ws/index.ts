import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsSwarmRegistry, type Outbox, type WsCounts } from './ws-swarm.js';
import { WsConnection } from './ws-connection.js';
import { parseWsClientMessage, encodeWsFailure, WsTrackerError } from '../../core/protocol/tracker/ws.js';

export interface WsTrackerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface WebSocketTrackerOptions {
  /** Re-announce interval told to clients (the reference uses 120 s for WebSocket). */
  intervalSeconds: number;
  /** Offers relayed per announce; extra offers are ignored. Default 10. */
  maxOffersPerAnnounce?: number;
  /** Offers relayed per second per socket (token bucket; burst twice that). Default 50. */
  maxOffersPerSecond?: number;
  /** Largest accepted frame; larger frames close the socket with 1009. Default 64 KiB. */
  maxMessageBytes?: number;
  /** A peer that has not announced for this long leaves its swarm. Default 2 × interval + 60 s. */
  peerTimeoutSeconds?: number;
  /** Ping period; a socket that misses a whole period's pong is dropped. Default 30 s. */
  keepAliveSeconds?: number;
  /** Access list: false refuses the torrent with a failure reason. Default: every torrent. */
  isAllowed?: (infoHashHex: string) => boolean;
  logger?: WsTrackerLogger;
}

export interface WebSocketTrackerStats {
  torrents: number;
  peers: number;
  seeders: number;
  leechers: number;
  sockets: number;
  messagesIn: number;
  messagesOut: number;
  /** Peers by client prefix of the peer id (e.g. "-WW0208-" → "WW"). */
  clients: Record<string, number>;
}

export interface WebSocketTracker {
  /** Call from the HTTP server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): WebSocketTrackerStats;
  /** Counts for one torrent's WebRTC peers, or undefined when it has none. */
  scrape(infoHashHex: string): WsCounts | undefined;
  /** Closes every socket (1001 going away) and stops the timers; safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_MAX_OFFERS = 10;
const DEFAULT_OFFERS_PER_SECOND = 50;
const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
/** Expired peers are swept at least this often (and twice per peer timeout when that is shorter). */
const MAX_SWEEP_MS = 30_000;
const DEFAULT_KEEP_ALIVE_SECONDS = 30;
const CLOSE_GRACE_MS = 2000;

/** The WebTorrent (WebRTC signalling) side of the tracker, mounted on an existing HTTP server. */
export function createWebSocketTracker(options: WebSocketTrackerOptions): WebSocketTracker {
  const maxOffers = options.maxOffersPerAnnounce ?? DEFAULT_MAX_OFFERS;
  const peerTimeoutMs = (options.peerTimeoutSeconds ?? options.intervalSeconds * 2 + 60) * 1000;
  const counters = { messagesIn: 0, messagesOut: 0 };
  const outbox: Outbox<WsConnection> = {
    send(conn, message) {
      counters.messagesOut++;
      conn.send(message);
    },
  };
  const registry = new WsSwarmRegistry<WsConnection>({
    intervalSeconds: options.intervalSeconds,
    peerTimeoutMs,
    offersPerSecond: options.maxOffersPerSecond ?? DEFAULT_OFFERS_PER_SECOND,
    isAllowed: options.isAllowed,
    outbox,
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: true,
  });
  const log = options.logger;

  const onMessage = (conn: WsConnection, data: Buffer, isBinary: boolean): void => {
    counters.messagesIn++;
    if (isBinary) {
      outbox.send(conn, encodeWsFailure({ reason: 'binary frames are not accepted; send JSON text' }));
      return;
    }
    try {
      registry.handle(conn, parseWsClientMessage(data.toString('utf8'), maxOffers), Date.now());
    } catch (e) {
      if (e instanceof WsTrackerError) {
        log?.debug({ code: e.code }, e.message);
        outbox.send(conn, encodeWsFailure({ reason: e.message, action: e.action, infoHash: e.infoHash }));
        return;
      }
      // A bug must cost one request, not the tracker: every other socket keeps being served.
      log?.warn({ err: (e as Error).stack }, 'websocket tracker failed on a message');
      outbox.send(conn, encodeWsFailure({ reason: 'internal tracker error' }));
    }
  };

  const connections = new Set<WsConnection>();
  const onConnection = (ws: WebSocket, raw: Duplex): void => {
    const conn = new WsConnection(ws, raw);
    connections.add(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => onMessage(conn, data, isBinary));
    ws.on('pong', () => conn.markAlive());
    ws.on('error', (err) => log?.debug({ err: err.message }, 'websocket error'));
    ws.on('close', () => {
      connections.delete(conn);
      registry.disconnect(conn);
    });
  };

  const sweep = setInterval(() => registry.expire(Date.now()), Math.min(MAX_SWEEP_MS, peerTimeoutMs / 2));
  const ping = setInterval(
    () => {
      for (const conn of connections) conn.pingOrTerminate();
    },
    (options.keepAliveSeconds ?? DEFAULT_KEEP_ALIVE_SECONDS) * 1000,
  );
  sweep.unref();
  ping.unref();

  let closing: Promise<void> | undefined;
  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket));
    },
    stats() {
      return { ...registry.stats(), sockets: wss.clients.size, ...counters };
    },
    scrape(infoHashHex) {
      return registry.countsByHex(infoHashHex);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        clearInterval(ping);
        for (const ws of wss.clients) ws.close(1001, 'tracker shutting down');
        // A client that never completes the closing handshake must not hold the shutdown for ws's 30 s.
        const force = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, CLOSE_GRACE_MS);
        wss.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closing;
    },
  };
}
