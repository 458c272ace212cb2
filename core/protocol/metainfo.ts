/**
 * .torrent files (BEP 3, 12, 19, 27): the types, and the entry points re-exported from the
 * modules that parse/validate (metainfo-parse.ts), encode (metainfo-encode.ts) them, and build
 * one from a bare info dict fetched from peers (metainfo-info-bytes.ts).
 */
export { MetainfoError } from './errors.js';
export { parseMetainfo, DEFAULT_METAINFO_LIMITS, MAX_PIECE_LENGTH } from './metainfo-parse.js';
export { encodeMetainfo, flattenAnnounce } from './metainfo-encode.js';
export { metainfoFromInfoBytes } from './metainfo-info-bytes.js';
export type { InfoBytesFields } from './metainfo-info-bytes.js';

export interface TorrentFile {
  /** Path elements below the torrent root; for a single-file torrent: [name]. */
  path: string[];
  length: number;
  /** Start of this file in the concatenation of all files. */
  offset: number;
}

export interface InfoDict {
  name: string;
  pieceLength: number;
  /** Concatenated 20-byte SHA-1 digests. */
  pieces: Uint8Array;
  pieceCount: number;
  /** Total bytes. */
  length: number;
  /** Always at least one entry. */
  files: TorrentFile[];
  /** True when the torrent has `files` (its name is then a folder). */
  multiFile: boolean;
  private: boolean;
  source?: string;
}

export interface Metainfo {
  /** 40 lower-case hex: SHA-1 of the raw `info` bytes as they appear in the file. */
  infoHash: string;
  infoHashBytes: Uint8Array;
  info: InfoDict;
  /** BEP 12 tiers: announce-list when present and usable, else [[announce]], else []. */
  announce: string[][];
  /** BEP 19 web seeds (string or list form). */
  urlList: string[];
  comment?: string;
  createdBy?: string;
  creationDate?: number;
  /** The `encoding` field, carried as given; names and paths are read as UTF-8 regardless. */
  encoding?: string;
  /** The whole .torrent as given. */
  raw: Uint8Array;
}

export interface MetainfoLimits {
  /** Largest .torrent accepted, in bytes (default 16 MiB). */
  maxBytes?: number;
  /** Most files accepted in a multi-file torrent (default 100,000). */
  maxFiles?: number;
  /** Deepest bencode nesting accepted (default 64). */
  maxDepth?: number;
}

export interface NewInfo {
  name: string;
  pieceLength: number;
  pieces: Uint8Array;
  files: { path: string[]; length: number }[];
  multiFile: boolean;
  private?: boolean;
  source?: string;
}

export interface MetainfoFields {
  announce?: string[][];
  urlList?: string[];
  comment?: string;
  createdBy?: string;
  creationDate?: number;
}
