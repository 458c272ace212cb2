/**
 * What the parent benchmarks ask of a peer process (shoal-peer.ts, webtorrent-peer.ts) and what
 * they answer: the same methods and figures for Shoal and for the webtorrent anchor.
 */

export interface PeerOptions {
  /** The run's tracker, as the default tracker (the bench torrents carry none). */
  tracker: string;
  /** Bytes/s, the whole session's upload cap; absent for none. */
  uploadLimit?: number;
  hashThreads?: number;
}

/** `seed`: a torrent whose data is already in `savePath`; resolves once it seeds and its tracker has answered. */
export interface SeedParams {
  torrent: string;
  savePath: string;
  timeoutMs: number;
}

/** `download`: into the peer's own folder, timed from the add. */
export interface DownloadParams {
  torrent: string;
  infoHash: string;
  timeoutMs: number;
}

export interface DownloadTimes {
  /** From the add to the first connected peer. */
  firstPeerMs: number;
  /** From the add to the first payload byte. */
  firstByteMs: number;
  /** From the add to done (every piece there and verified). */
  doneMs: number;
  /** This process's CPU time over the download. */
  cpuSeconds: number;
}

/** `stats`. */
export interface PeerStats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  /** RTCPeerConnections alive in this process (pending offers included), as the client counts them. */
  rtcOpen: number;
}

/** Raw sender's `send`. */
export interface SendResult {
  /** From createOffer to the open channel, the answer relayed through the parent. */
  connectMs: number;
  cpuSeconds: number;
}

/** Raw receiver's `received`. */
export interface ReceiveResult {
  /** From the first byte to the last, as the receiver counts them. */
  transferMs: number;
  cpuSeconds: number;
}
