import { z } from 'zod';
import {
  base64,
  count,
  fsPath,
  infoHash,
  MAX_FILES,
  MAX_TORRENT_BYTES,
  MAX_TRACKERS,
  rateLimit,
  text,
  trackerUrl,
  httpUrl,
} from './common.js';
import { filePriority } from './torrents.js';

/** Params and results of the commands that add, create and steer torrents. */

export const MAX_TIERS = 64;
export const MAX_WEB_SEEDS = 64;
export const MIN_PIECE_LENGTH = 16 * 1024;
/** core/engine/create/piece-length.ts's MAX_PIECE_LENGTH (an explicit choice). */
export const MAX_PIECE_LENGTH = 64 * 1024 * 1024;

export const byInfoHash = z.strictObject({ infoHash });
export type ByInfoHash = z.infer<typeof byInfoHash>;

const fileIndex = count.max(MAX_FILES - 1, `must be below ${MAX_FILES}`);

const trackerList = z.array(trackerUrl).max(MAX_TRACKERS, `must list at most ${MAX_TRACKERS} trackers`);

export const addTorrentParams = z
  .strictObject({
    /** The .torrent file, base64. */
    torrent: base64(MAX_TORRENT_BYTES).optional(),
    magnet: text(64 * 1024)
      .startsWith('magnet:', 'must be a magnet link (starting with "magnet:")')
      .optional(),
    /** A bare infohash: the engine finds the metadata (search server, default trackers). */
    infoHash: infoHash.optional(),
    /** Default: the downloadDir setting. */
    savePath: fsPath.optional(),
    paused: z.boolean().optional(),
    /** Indices of the files to download; default all. */
    files: z
      .array(fileIndex)
      .max(MAX_FILES, `must list at most ${MAX_FILES} files`)
      .refine((list) => new Set(list).size === list.length, 'must not list a file twice')
      .optional(),
    sequential: z.boolean().optional(),
    /** Added to the torrent's own trackers. */
    trackers: trackerList.optional(),
  })
  .refine(
    (p) => [p.torrent, p.magnet, p.infoHash].filter((v) => v !== undefined).length === 1,
    'give exactly one of torrent, magnet or infoHash',
  );
export type AddTorrentParams = z.infer<typeof addTorrentParams>;
export const addTorrentResult = z.strictObject({ infoHash });

const pieceLength = count
  .min(MIN_PIECE_LENGTH, `must be at least ${MIN_PIECE_LENGTH} bytes`)
  .max(MAX_PIECE_LENGTH, `must be at most ${MAX_PIECE_LENGTH} bytes`)
  .refine((n) => (n & (n - 1)) === 0, 'must be a power of two');

export const createTorrentParams = z.strictObject({
  /** The one file or folder to share (a list so that several sources can come later). */
  paths: z.array(fsPath).min(1, 'must name the file or folder to share').max(1, 'takes one file or folder for now'),
  /** Default: the base name of the file or folder. */
  name: text(255)
    .min(1, 'must not be empty')
    .refine((n) => !/[/\\]/.test(n), 'must not contain / or \\')
    .optional(),
  /** BEP 12 tiers. Default: the trackers setting, one tier each. */
  trackers: z
    .array(trackerList.min(1, 'must not be an empty tier'))
    .max(MAX_TIERS, `must have at most ${MAX_TIERS} tiers`)
    .optional(),
  webSeeds: z.array(httpUrl).max(MAX_WEB_SEEDS, `must list at most ${MAX_WEB_SEEDS} web seeds`).optional(),
  private: z.boolean().optional(),
  comment: text(64 * 1024).optional(),
  /** Goes into the info dict, so it changes the infohash. */
  source: text(1024).optional(),
  /** Default: chosen from the total size. */
  pieceLength: pieceLength.optional(),
  /** Seed at once from where the files are (default true). */
  seed: z.boolean().optional(),
  /** Chosen by the caller; 'create:progress' events carry it while the pieces are hashed. */
  jobId: text(64).min(1, 'must not be empty').optional(),
});
export type CreateTorrentParams = z.infer<typeof createTorrentParams>;
export const createTorrentResult = z.strictObject({
  infoHash,
  magnet: z.string(),
  /** The .torrent file, base64. */
  torrent: z.base64(),
});
export type CreateTorrentResult = z.infer<typeof createTorrentResult>;

export const removeParams = z.strictObject({
  infoHash,
  /** Also delete the downloaded files (never files outside the torrent's own). */
  deleteData: z.boolean(),
});
export type RemoveParams = z.infer<typeof removeParams>;

export const selectFilesParams = z.strictObject({
  infoHash,
  files: z
    .array(z.strictObject({ index: fileIndex, priority: filePriority }))
    .min(1, 'must list at least one file')
    .max(MAX_FILES, `must list at most ${MAX_FILES} files`)
    .refine((list) => new Set(list.map((f) => f.index)).size === list.length, 'must not list a file twice'),
});
export type SelectFilesParams = z.infer<typeof selectFilesParams>;

export const setSequentialParams = z.strictObject({ infoHash, sequential: z.boolean() });
export type SetSequentialParams = z.infer<typeof setSequentialParams>;

export const setLimitsParams = z
  .strictObject({
    /** Absent: the global limits. */
    infoHash: infoHash.optional(),
    download: rateLimit.optional(),
    upload: rateLimit.optional(),
  })
  .refine((p) => p.download !== undefined || p.upload !== undefined, 'give download or upload (null removes one)');
export type SetLimitsParams = z.infer<typeof setLimitsParams>;
