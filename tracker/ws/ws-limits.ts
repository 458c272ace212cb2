/**
 * What one WebSocket client may make the tracker hold or do, with the defaults that both
 * `createWebSocketTracker` and the tracker's settings (tracker/config.ts) start from.
 */
export interface WsLimits {
  /** Offers relayed per announce; extra offers are ignored. */
  maxOffersPerAnnounce: number;
  /** Offers relayed per second per socket (token bucket; burst twice that). */
  maxOffersPerSecond: number;
  /** Largest accepted frame; larger frames close the socket with 1009. */
  maxMessageBytes: number;
  /**
   * Distinct peer ids one socket may announce. A WebTorrent client uses one peer id for all its
   * torrents, and the clients of one page share a socket per tracker URL: a handful is plenty.
   */
  maxPeerIdsPerSocket: number;
  /** Torrents one socket may be in, each peer id in each torrent counting once. */
  maxTorrentsPerSocket: number;
}

export const WS_LIMIT_DEFAULTS: WsLimits = {
  maxOffersPerAnnounce: 10,
  maxOffersPerSecond: 50,
  maxMessageBytes: 64 * 1024,
  maxPeerIdsPerSocket: 8,
  maxTorrentsPerSocket: 256,
};

/** Open sockets per client address (an IPv6 /64) in `shoal tracker`: a few browsers and apps behind one NAT. */
export const DEFAULT_MAX_SOCKETS_PER_ADDRESS = 16;
