import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsSwarmRegistry, type Outbox, type WsCounts } from './ws-swarm.js';
import { WsConnection } from './ws-connection.js';
import { AddressQuota } from './address-quota.js';
import { WS_LIMIT_DEFAULTS, type WsLimits } from './ws-limits.js';
import { clientAddress, networkKey } from '../client-address.js';
import { parseWsClientMessage, encodeWsFailure } from '../../core/protocol/tracker/ws-server.js';
import { WsTrackerError } from '../../core/protocol/tracker/ws-common.js';

export interface WsTrackerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface WebSocketTrackerOptions extends Partial<WsLimits> {
  /** Re-announce interval told to clients (the reference uses 120 s for WebSocket). */
  intervalSeconds: number;
  /**
   * Open sockets per client address (an IPv6 /64); more are refused with HTTP 429 before the
   * handshake. Default: no cap (`shoal tracker` sets one, --ws-max-sockets-per-address).
   */
  maxSocketsPerAddress?: number;
  /** Reverse proxies in front that append to X-Forwarded-For, to find the client address; default 0. */
  trustProxy?: number;
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
  /** Sockets and announces refused because a client reached a limit, by limit. */
  limited: { socketsPerAddress: number; peerIdsPerSocket: number; torrentsPerSocket: number };
}

export interface WebSocketTracker {
  /** Call from the HTTP server's 'upgrade' event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  stats(): WebSocketTrackerStats;
  /** Calls `visit` with every WebRTC peer's id (a binary string). */
  forEachPeerId(visit: (peerId: string) => void): void;
  /** Counts for one torrent's WebRTC peers, or undefined when it has none. */
  scrape(infoHashHex: string): WsCounts | undefined;
  /** Closes every socket (1001 going away) and stops the timers; safe to call twice. */
  close(): Promise<void>;
}

/** Expired peers are swept at least this often (and twice per peer timeout when that is shorter). */
const MAX_SWEEP_MS = 30_000;
const DEFAULT_KEEP_ALIVE_SECONDS = 30;
const CLOSE_GRACE_MS = 2000;

/** The WebTorrent (WebRTC signalling) side of the tracker, mounted on an existing HTTP server. */
export function createWebSocketTracker(options: WebSocketTrackerOptions): WebSocketTracker {
  const limits = withDefaults(options);
  const maxOffers = limits.maxOffersPerAnnounce;
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
    offersPerSecond: limits.maxOffersPerSecond,
    maxPeerIdsPerConn: limits.maxPeerIdsPerSocket,
    maxTorrentsPerConn: limits.maxTorrentsPerSocket,
    isAllowed: options.isAllowed,
    outbox,
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
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

  const quota = options.maxSocketsPerAddress === undefined ? undefined : new AddressQuota(options.maxSocketsPerAddress);
  let refusedSockets = 0;
  /** Takes the socket's place in its address's quota until it closes; false (and answered) when refused. */
  const admit = (req: IncomingMessage, socket: Duplex): boolean => {
    if (!quota) return true;
    const address = clientAddress(
      req.socket.remoteAddress ?? '',
      req.headers['x-forwarded-for'],
      options.trustProxy ?? 0,
    );
    const key = address === undefined ? undefined : networkKey(address);
    if (key === undefined) {
      refuseUpgrade(socket, 400, 'cannot tell the client address from X-Forwarded-For');
      return false;
    }
    if (!quota.take(key)) {
      refusedSockets++;
      refuseUpgrade(socket, 429, `at most ${quota.max} WebSocket connections per address`);
      return false;
    }
    socket.once('close', () => quota.release(key));
    return true;
  };

  let closing: Promise<void> | undefined;
  return {
    handleUpgrade(req, socket, head) {
      if (admit(req, socket)) wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket));
    },
    stats() {
      return {
        ...registry.stats(),
        sockets: wss.clients.size,
        ...counters,
        limited: { socketsPerAddress: refusedSockets, ...registry.limited },
      };
    },
    forEachPeerId(visit) {
      registry.forEachPeerId(visit);
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

function withDefaults(o: Partial<WsLimits>): WsLimits {
  const d = WS_LIMIT_DEFAULTS;
  return {
    maxOffersPerAnnounce: o.maxOffersPerAnnounce ?? d.maxOffersPerAnnounce,
    maxOffersPerSecond: o.maxOffersPerSecond ?? d.maxOffersPerSecond,
    maxMessageBytes: o.maxMessageBytes ?? d.maxMessageBytes,
    maxPeerIdsPerSocket: o.maxPeerIdsPerSocket ?? d.maxPeerIdsPerSocket,
    maxTorrentsPerSocket: o.maxTorrentsPerSocket ?? d.maxTorrentsPerSocket,
  };
}

/** Answers an upgrade request with a plain HTTP error instead of a handshake, then closes. */
function refuseUpgrade(socket: Duplex, status: 400 | 429, reason: string): void {
  const title = status === 429 ? 'Too Many Requests' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
    () => socket.destroy(),
  );
}
