import type { WebSocketTracker } from './ws/index.js';
import { clientBreakdown } from './client-names.js';
import type { TrackerCounters, UdpDropReason } from './counters.js';
import type { SwarmStore, SwarmTotals } from './swarm-store.js';

export interface TrackerStats {
  uptimeSeconds: number;
  /** HTTP and UDP peers. */
  address: SwarmTotals;
  /** WebRTC (WebSocket) peers. */
  webrtc: { torrents: number; peers: number; seeders: number; leechers: number; sockets: number };
  announces: { http: number; udp: number };
  scrapes: { http: number; udp: number };
  errors: { http: number; udp: number };
  udpConnects: number;
  /** UDP datagrams left unanswered (too short, a connect without the protocol id, no valid connection id). */
  udpDropped: Record<UdpDropReason, number>;
  /** Requests a limit turned away or left unlisted, by limit. */
  limited: LimitCounts;
  wsMessages: { in: number; out: number };
  /** Address peers by client software ("qBittorrent 4.6.5"), largest first, bounded. */
  clients: Record<string, number>;
  /** WebRTC peers by client software, from the same table, bounded the same way. */
  webrtcClients: Record<string, number>;
}

/** A type, not an interface, so that it is a Record<string, number> for the pages. */
export type LimitCounts = {
  /** Announces answered without listing the peer: its address had its share of the swarm. */
  peersPerAddress: number;
  /** WebSocket connections refused (HTTP 429): too many open from one address. */
  wsSocketsPerAddress: number;
  /** WebSocket announces refused: a new peer id on a socket that has its share. */
  wsPeerIdsPerSocket: number;
  /** WebSocket announces refused: a new torrent on a socket that has its share. */
  wsTorrentsPerSocket: number;
};

/** Walking every peer for the client breakdowns is not free: at most once per this period. */
const CLIENTS_CACHE_MS = 5000;

export function createStatsSource(store: SwarmStore, counters: TrackerCounters, ws: WebSocketTracker) {
  let clients: { at: number; address: Record<string, number>; webrtc: Record<string, number> } | undefined;
  return (): TrackerStats => {
    const now = Date.now();
    if (!clients || now - clients.at >= CLIENTS_CACHE_MS) {
      clients = {
        at: now,
        address: clientBreakdown((visit) => store.forEachPeerId(visit)),
        webrtc: clientBreakdown((visit) => ws.forEachPeerId(visit)),
      };
    }
    const w = ws.stats();
    return {
      uptimeSeconds: Math.floor((now - counters.startedAt) / 1000),
      address: store.totals(),
      webrtc: { torrents: w.torrents, peers: w.peers, seeders: w.seeders, leechers: w.leechers, sockets: w.sockets },
      announces: { ...counters.announces },
      scrapes: { ...counters.scrapes },
      errors: { ...counters.errors },
      udpConnects: counters.udpConnects,
      udpDropped: { ...counters.udpDropped },
      limited: {
        peersPerAddress: store.unlisted,
        wsSocketsPerAddress: w.limited.socketsPerAddress,
        wsPeerIdsPerSocket: w.limited.peerIdsPerSocket,
        wsTorrentsPerSocket: w.limited.torrentsPerSocket,
      },
      wsMessages: { in: w.messagesIn, out: w.messagesOut },
      clients: clients.address,
      webrtcClients: clients.webrtc,
    };
  };
}
