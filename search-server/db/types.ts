/**
 * The search server's database contract. The HTTP side (routes, Torznab, publish, scraper,
 * CLI) codes against these interfaces only; `openSearchDatabase(file)` (./index.ts) builds the
 * implementation. Every method is synchronous (better-sqlite3) and bounded in cost.
 *
 * Errors: every refusal is a `SearchDbError` (./errors.ts) with a stable `code`:
 * - `duplicate` (DuplicateError, carries `existingId`): the infohash is already stored → HTTP 409.
 * - `blocked` (BlockedError): the infohash is on the blocklist → HTTP 403/451.
 * - `bad-entry`: a field of a NewTorrent is missing, mistyped, out of range or not valid text → 400.
 * - `bad-query`: a SearchQuery field is invalid (query too long, unknown category, limit or
 *   offset out of range, malformed or foreign cursor, min > max) → 400.
 * - `not-found`: a token or torrent id/name does not exist (for mutations) → 404.
 * - `schema-too-new`: the file was written by a newer Shoal → refuse to start.
 */

/** A torrent as handed over by the publish path, after `core/protocol` validated the .torrent. */
export interface NewTorrent {
  /** 40 lower-case hex characters (upper case is accepted and lower-cased). */
  infoHash: string;
  /** `info.name` from the metainfo. */
  name: string;
  /** What people see and search; defaults to `name` when empty or absent. */
  title?: string;
  description?: string;
  /** A Torznab category id that exists in ./categories.ts (e.g. 2000, 5040). */
  category: number;
  /** Total bytes of all files. */
  size: number;
  /** Path elements below the torrent root, as in core/protocol's TorrentFile; at least one file. */
  files: { path: string[]; length: number }[];
  /** Flat list of announce URLs (BEP 12 tiers flattened, order kept). */
  trackers: string[];
  /** The exact .torrent bytes as uploaded (served back byte for byte). */
  torrentBytes: Uint8Array;
  tags?: string[];
  /** Id of the API token that published it; absent for anonymous publishing. */
  uploaderTokenId?: number;
  /** Unix milliseconds; defaults to now. Only the bench and imports set it. */
  createdAt?: number;
}

export interface SwarmCounts {
  seeders: number;
  leechers: number;
  completed: number;
}

/** One search result / listing row: everything a result line needs, no blobs. */
export interface TorrentSummary extends SwarmCounts {
  id: number;
  infoHash: string;
  name: string;
  title: string;
  category: number;
  size: number;
  fileCount: number;
  /** Unix milliseconds. */
  createdAt: number;
  /** Unix milliseconds of the last successful scrape; null when never scraped. */
  scrapedAt: number | null;
}

/** A torrent's detail page: the summary plus text, trackers, tags and the file list. */
export interface TorrentDetail extends TorrentSummary {
  description: string;
  trackers: string[];
  tags: string[];
  files: { path: string[]; length: number }[];
  uploaderTokenId: number | null;
  hidden: boolean;
}

export type SortKey = 'relevance' | 'newest' | 'size' | 'seeders';
export type SortDirection = 'asc' | 'desc';

export interface SearchQuery {
  /**
   * What a person typed. Always treated as text: words, "a phrase" in double quotes, and a
   * trailing `*` for a prefix. Empty or absent = everything (newest first by default).
   * At most MAX_QUERY_LENGTH characters.
   */
  text?: string;
  /** Torznab ids; a parent (a multiple of 1000, e.g. 2000) also matches its children (2xxx). */
  category?: number[];
  minSize?: number;
  maxSize?: number;
  minSeeders?: number;
  /** Default: 'relevance' with text, 'newest' without ('relevance' without text = newest). */
  sort?: SortKey;
  /** Default 'desc' (best, newest, largest, most seeded first). Ignored for relevance. */
  direction?: SortDirection;
  /** 1..MAX_LIMIT, default DEFAULT_LIMIT. */
  limit?: number;
  /** An opaque `nextCursor` from a previous page of the same query and sort. */
  cursor?: string;
  /** 0..MAX_OFFSET; for Torznab. Use either cursor or offset, not both. */
  offset?: number;
}

export interface SearchPage {
  items: TorrentSummary[];
  /** Present when more items follow; pass it back as `cursor` with the same query. */
  nextCursor?: string;
  /** Matching rows, counted up to COUNT_CAP. */
  total: number;
  /** True when counting stopped at the cap: show as "10,000+". */
  totalIsEstimate: boolean;
}

export interface Stats {
  torrents: number;
  visible: number;
  hidden: number;
  totalSize: number;
  blocked: number;
}

export type TokenRole = 'publisher' | 'admin';

export interface TokenInfo {
  id: number;
  name: string;
  role: TokenRole;
  /** Unix milliseconds. */
  createdAt: number;
  revokedAt: number | null;
}

export interface BlockEntry {
  infoHash: string;
  reason: string;
  createdAt: number;
}

export interface ScrapeTarget {
  id: number;
  infoHash: string;
  trackers: string[];
  scrapeFailures: number;
}

export interface TorrentRepository {
  /** Row, file list, raw bytes and search index in ONE transaction. Throws DuplicateError / BlockedError / bad-entry. */
  insert(entry: NewTorrent): { id: number };
  /** Same validation, one transaction for the whole batch (all or nothing). */
  insertMany(entries: NewTorrent[]): { ids: number[] };
  /** Hidden torrents are returned too (admins need them); check `hidden`. */
  getById(id: number): TorrentDetail | undefined;
  /** Upper or lower case hex; a string that is not 40 hex characters throws bad-entry. */
  getByInfoHash(infoHash: string): TorrentDetail | undefined;
  getTorrentBytes(id: number): Uint8Array | undefined;
  /** Visible torrents, newest first; cursor from a previous page's nextCursor. */
  newest(options: { limit?: number; cursor?: string }): SearchPage;
  /** Returns false when no such torrent. */
  hide(id: number): boolean;
  unhide(id: number): boolean;
  /** Removes row, files, bytes and index entry. Returns false when no such torrent. */
  delete(id: number): boolean;
  stats(): Stats;
  /** Visible torrents whose next_scrape_at ≤ now (never-scraped first), at most `limit`. */
  dueForScrape(now: number, limit: number): ScrapeTarget[];
  /** Stores counts, resets failures, schedules the next scrape after the normal interval. */
  recordScrape(id: number, counts: SwarmCounts, now: number): void;
  /** Counts a failure and backs off exponentially (capped) before the next attempt. */
  recordScrapeFailure(id: number, now: number): void;
}

export interface SearchService {
  search(query: SearchQuery): SearchPage;
}

export interface TokenStore {
  /** The clear token is returned once and never stored (only its sha256). */
  createToken(name: string, role: TokenRole): { id: number; token: string };
  listTokens(): TokenInfo[];
  /** By id or by name; throws not-found; revoking twice is harmless. */
  revokeToken(idOrName: number | string): void;
  /** null for unknown or revoked tokens. */
  verifyToken(token: string): { id: number; name: string; role: TokenRole } | null;
}

export interface Blocklist {
  /** Refuses future publishes of the infohash; an already stored torrent stays (delete it too). Re-adding updates the reason. */
  add(infoHash: string, reason: string): void;
  /** Returns false when it was not listed. */
  remove(infoHash: string): boolean;
  list(): BlockEntry[];
  has(infoHash: string): boolean;
}

export interface SearchDatabase {
  readonly torrents: TorrentRepository;
  readonly searcher: SearchService;
  readonly tokens: TokenStore;
  readonly blocklist: Blocklist;
  /** Schema version (PRAGMA user_version) after migrations. */
  readonly schemaVersion: number;
  /** Safe to call twice. */
  close(): void;
}

export interface SearchDatabaseOptions {
  /** Milliseconds to wait for a lock held by another connection (default 5000). */
  busyTimeoutMs?: number;
}

export const MAX_QUERY_LENGTH = 256;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;
/**
 * Counts stop here ("10,000+"). Text searches filter, sort and count within the newest
 * COUNT_CAP + 1 matches of their words; relevance ranks the newest RANK_WINDOW (2,000) matches,
 * so relevance-ordered pages (cursor or offset) end there: sort by newest to go deeper.
 * See search-sql.ts.
 */
export const COUNT_CAP = 10_000;
