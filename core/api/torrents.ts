import { z } from 'zod';
import { count, fraction, infoHash, rateLimit, time } from './common.js';

/** What the engine reports about torrents: the shapes of listTorrents, getTorrent and the events. */

export const torrentState = z.enum(['checking', 'metadata', 'downloading', 'seeding', 'paused', 'error']);
export type TorrentState = z.infer<typeof torrentState>;

export const filePriority = z.enum(['skip', 'low', 'normal', 'high']);
export type FilePriority = z.infer<typeof filePriority>;

export const apiErrorInfo = z.strictObject({ code: z.string(), message: z.string() });
export type ApiErrorInfo = z.infer<typeof apiErrorInfo>;

export const torrentLimits = z.strictObject({ download: rateLimit, upload: rateLimit });

export const torrentSummary = z.strictObject({
  infoHash,
  /** `info.name`, or the magnet's `dn` (or the infohash) until the metadata arrives. */
  name: z.string(),
  state: torrentState,
  /** Of the selected bytes. */
  progress: fraction,
  /** Bytes selected for download (all files unless some are skipped); 0 before metadata. */
  length: count,
  totalLength: count,
  /** Payload bytes received and sent, over the torrent's whole life (kept across restarts). */
  downloaded: count,
  uploaded: count,
  /** uploaded / downloaded (or / length when seeding what was never downloaded here). */
  ratio: z.number().min(0),
  downloadSpeed: count,
  uploadSpeed: count,
  /** Connected peers, and how many of them have every piece. */
  peers: count,
  seeds: count,
  /** Seconds until done at the current speed; null when unknown or done. */
  eta: count.nullable(),
  savePath: z.string(),
  addedAt: time,
  completedAt: time.optional(),
  error: apiErrorInfo.optional(),
  sequential: z.boolean(),
  limits: torrentLimits,
});
export type TorrentSummary = z.infer<typeof torrentSummary>;

export const fileInfo = z.strictObject({
  index: count,
  /** Path elements below the torrent's folder, joined with '/'. */
  path: z.string(),
  length: count,
  progress: fraction,
  priority: filePriority,
});
export type FileInfo = z.infer<typeof fileInfo>;

export const peerInfo = z.strictObject({
  /** The 20-byte peer id as hex. */
  id: z.string().regex(/^[0-9a-f]{40}$/),
  /** From the peer id's client prefix or the extension handshake's `v`. */
  client: z.string(),
  transport: z.enum(['webrtc', 'tcp']),
  /** host:port where known (TCP; WebRTC may not tell). */
  address: z.string().optional(),
  downloadSpeed: count,
  uploadSpeed: count,
  progress: fraction,
  flags: z.strictObject({
    amChoking: z.boolean(),
    amInterested: z.boolean(),
    peerChoking: z.boolean(),
    peerInterested: z.boolean(),
  }),
});
export type PeerInfo = z.infer<typeof peerInfo>;

export const trackerInfo = z.strictObject({
  url: z.string(),
  /** BEP 12 tier, from 0. */
  tier: count,
  state: z.enum(['idle', 'announcing', 'working', 'error']),
  lastAnnounceAt: time.optional(),
  nextAnnounceAt: time.optional(),
  lastError: z.string().optional(),
  /** Seeders and leechers as the tracker last reported them. */
  complete: count.optional(),
  incomplete: count.optional(),
});
export type TrackerInfo = z.infer<typeof trackerInfo>;

export const torrentDetails = torrentSummary.extend({
  /**
   * The last check of the data on disk when the torrent started: pieces hashed, and pieces taken
   * from resume data without hashing (files unchanged since it was saved).
   */
  lastCheck: z.strictObject({ at: time, piecesHashed: count, piecesTrusted: count }).optional(),
  /** Peers banned in this run for sending data that failed verification. */
  bannedPeers: count,
  files: z.array(fileInfo),
  peers: z.array(peerInfo),
  trackers: z.array(trackerInfo),
  pieces: z.strictObject({
    count,
    /** Bytes per piece (the last may be shorter); 0 before metadata. */
    length: count,
    /** The bitfield in its wire form (BEP 3, high bit first), base64. */
    have: z.base64(),
  }),
  magnet: z.string(),
  comment: z.string().optional(),
  createdBy: z.string().optional(),
  /** Milliseconds since the epoch (the .torrent holds seconds). */
  creationDate: time.optional(),
  private: z.boolean(),
});
export type TorrentDetails = z.infer<typeof torrentDetails>;

/** One torrent's changing numbers in a 'torrent:progress' batch. */
export const torrentProgress = torrentSummary
  .pick({
    infoHash: true,
    state: true,
    progress: true,
    downloaded: true,
    uploaded: true,
    downloadSpeed: true,
    uploadSpeed: true,
    peers: true,
    seeds: true,
    eta: true,
  })
  .extend({
    /** Per-file progress (0..1) by file index, when it changed. */
    files: z.array(fraction).optional(),
  });
export type TorrentProgress = z.infer<typeof torrentProgress>;
