import { encodeMetainfo, MetainfoError, parseMetainfo, type Metainfo } from '../../protocol/metainfo.js';
import { CreateError } from './errors.js';
import { HashError, hashPieces, type HashFile, type HashProgress, type HashResult } from '../hashing/index.js';
import { autoPieceLength, checkPieceLength } from './piece-length.js';
import { walkSource, type SourceFile } from './walk.js';

export const CREATED_BY = 'Shoal 0.1.0';

export interface CreateOptions {
  /** Torrent name; default: the base name of the file or folder. */
  name?: string;
  /** Bytes, a power of two from 16 KiB to 64 MiB; default: `autoPieceLength` of the total size. */
  pieceLength?: number;
  /** BEP 12 tiers of tracker URLs (http, https, udp, ws, wss). */
  announce?: string[][];
  /** BEP 19 web seed URLs (http, https). */
  webSeeds?: string[];
  private?: boolean;
  comment?: string;
  /** Goes into the info dict, so it changes the infohash (used by private trackers). */
  source?: string;
  /** Unix seconds; `null` leaves the field out, for reproducible output. Default: now. */
  creationDate?: number | null;
  includeHidden?: boolean;
  threads?: number;
  /** Let the calling thread be one of the hashing threads (see HashOptions). */
  useCallingThread?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: HashProgress) => void;
}

export interface CreatedTorrent {
  /** The .torrent file. */
  bytes: Uint8Array;
  metainfo: Metainfo;
  /** The files it holds, in torrent order, with where they were read. */
  files: SourceFile[];
}

/** Walks `target`, hashes its pieces on worker threads and encodes the .torrent. */
export async function createTorrent(target: string, options: CreateOptions = {}): Promise<CreatedTorrent> {
  checkCreateOptions(options);
  const source = await walkSource(target, { includeHidden: options.includeHidden });
  const totalBytes = source.files.reduce((sum, f) => sum + f.length, 0);
  if (totalBytes === 0) throw new CreateError('empty', `nothing to share: every file in "${target}" is empty`);
  const pieceLength = options.pieceLength ?? autoPieceLength(totalBytes);
  const files = source.files.map((f) => ({ path: f.absolutePath, length: f.length }));
  const { digests } = await hashSource(files, pieceLength, options);
  const name = options.name ?? source.name;
  const bytes = encode(
    {
      name,
      pieceLength,
      pieces: digests,
      files: source.files.map((f) => ({ path: source.multiFile ? f.path : [name], length: f.length })),
      multiFile: source.multiFile,
      private: options.private,
      source: options.source,
    },
    options,
  );
  return { bytes, metainfo: parseMetainfo(bytes), files: source.files };
}

/** Hashing failures are reported as the CreateError of the same code: creating is what failed. */
async function hashSource(files: HashFile[], pieceLength: number, options: CreateOptions): Promise<HashResult> {
  try {
    return await hashPieces(files, pieceLength, {
      threads: options.threads,
      useCallingThread: options.useCallingThread,
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } catch (e) {
    if (e instanceof HashError) throw new CreateError(e.code, e.message, { cause: e });
    throw e;
  }
}

/** Throws CreateError for a bad tracker or web seed URL or piece length, before any work is done. */
export function checkCreateOptions(options: Pick<CreateOptions, 'announce' | 'webSeeds' | 'pieceLength'>): void {
  checkUrls(options.announce?.flat() ?? [], ['http:', 'https:', 'udp:', 'ws:', 'wss:'], 'tracker');
  checkUrls(options.webSeeds ?? [], ['http:', 'https:'], 'web seed');
  if (options.pieceLength !== undefined) checkPieceLength(options.pieceLength);
}

function encode(info: Parameters<typeof encodeMetainfo>[0], options: CreateOptions): Uint8Array {
  try {
    return encodeMetainfo(info, {
      announce: options.announce?.filter((tier) => tier.length > 0),
      urlList: options.webSeeds,
      comment: options.comment,
      createdBy: CREATED_BY,
      creationDate: options.creationDate === null ? undefined : (options.creationDate ?? Math.floor(Date.now() / 1000)),
    });
  } catch (e) {
    if (e instanceof MetainfoError) throw new CreateError('bad-name', `the torrent would be invalid: ${e.message}`);
    throw e;
  }
}

function checkUrls(urls: readonly string[], schemes: readonly string[], what: string): void {
  for (const url of urls) {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new CreateError('bad-option', `${what} URL "${url}" is not a valid URL`);
    }
    if (!schemes.includes(protocol)) {
      throw new CreateError('bad-option', `${what} URL "${url}" must start with ${schemes.join(' or ')}//`);
    }
  }
}
