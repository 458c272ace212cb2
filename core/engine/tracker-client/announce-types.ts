import type { AnnounceEvent } from '../../protocol/tracker/http.js';

export type { AnnounceEvent } from '../../protocol/tracker/http.js';

/** What one announce tells a tracker about one torrent; every count is in bytes. */
export interface AnnounceParams {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  port: number;
  uploaded: number;
  downloaded: number;
  left: number;
  event: AnnounceEvent;
  numwant: number;
  /** 32-bit, random per session: lets the tracker recognise us when our address changes. */
  key: number;
  /** The tracker id the tracker gave earlier (HTTP only), sent back as BEP 3 asks. */
  trackerId?: string;
}

export interface AnnouncePeer {
  ip: string;
  port: number;
}

export interface AnnounceReply {
  intervalSeconds: number;
  minIntervalSeconds?: number;
  /** Seeders and leechers, when the tracker says (HTTP trackers may leave them out). */
  complete?: number;
  incomplete?: number;
  peers: AnnouncePeer[];
  warning?: string;
  trackerId?: string;
}

/** One torrent as a TierAnnouncer sees it (the torrent implements it). Its callbacks must not throw. */
export interface TierMember {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly port: number;
  stats(): { uploaded: number; downloaded: number; left: number };
  /** numwant; 0 is fine when only the counts matter. */
  wantedPeers(): number;
  onPeers(peers: AnnouncePeer[], trackerUrl: string): void;
}

export interface TrackerStatus {
  url: string;
  tier: number;
  state: 'idle' | 'announcing' | 'working' | 'error' | 'stopped';
  /** Milliseconds since the epoch, as Date.now(). */
  lastAnnounceAt?: number;
  nextAnnounceAt?: number;
  lastError?: string;
  /** The tracker's last `warning message`: it answered, but wants something known. */
  warning?: string;
  complete?: number;
  incomplete?: number;
  intervalSeconds?: number;
  /** How many peers the last reply carried. */
  peers?: number;
}

export interface TierAnnouncerOptions {
  /** Per announce (default 15 s). */
  timeoutMs?: number;
  /** Back-off with jitter after a whole tier failed (default 15 s, doubling up to 30 min). */
  retry?: { minMs?: number; maxMs?: number };
  /** Floor on the interval trackers ask for, and the least time between announces asked for (default 60). */
  minIntervalSeconds?: number;
  blockPrivateAddresses?: boolean;
}
