import type { WebSocketTracker } from './ws/index.js';
import { clientBreakdown } from './client-names.js';
import type { TrackerCounters } from './counters.js';
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
  wsMessages: { in: number; out: number };
  /** Address peers by client software ("qBittorrent 4.6.5"), largest first, bounded. */
  clients: Record<string, number>;
  /** WebRTC peers by peer-id prefix. */
  webrtcClients: Record<string, number>;
}

/** Walking every peer for the client breakdown is not free: at most once per this period. */
const CLIENTS_CACHE_MS = 5000;

export function createStatsSource(store: SwarmStore, counters: TrackerCounters, ws: WebSocketTracker) {
  let clients: { at: number; value: Record<string, number> } | undefined;
  return (): TrackerStats => {
    const now = Date.now();
    if (!clients || now - clients.at >= CLIENTS_CACHE_MS) {
      clients = { at: now, value: clientBreakdown((visit) => store.forEachPeerId(visit)) };
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
      wsMessages: { in: w.messagesIn, out: w.messagesOut },
      clients: clients.value,
      webrtcClients: w.clients,
    };
  };
}
