import type { HashWorkers } from '../hashing/index.js';
import type { CheckQueue } from '../session/check-queue.js';
import type { LimiterChain, RateLimiter } from '../session/rate-limiter.js';
import type { WsTrackerPool } from '../tracker-client/ws-announce.js';

/** Connections open across the whole session, against its cap. */
export interface ConnectionBudget {
  available(): number;
}

/** What a torrent borrows from its session: shared workers, sockets, limits. */
export interface TorrentContext {
  peerId: Uint8Array;
  hashWorkers: HashWorkers;
  /** Whole-torrent hash checks take turns through it. */
  checks: CheckQueue;
  wsPool: WsTrackerPool;
  connections: ConnectionBudget;
  globalDownload: RateLimiter;
  globalUpload: RateLimiter;
  maxConnectionsPerTorrent: () => number;
  /** Port sent in HTTP/UDP announces. */
  announcePort: number;
  now?: () => number;
}

export interface TorrentLimits {
  download: RateLimiter;
  upload: RateLimiter;
  downloadChain: LimiterChain;
  uploadChain: LimiterChain;
}
