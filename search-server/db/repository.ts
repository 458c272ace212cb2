import type { Database } from 'better-sqlite3';
import { BlockedError, DuplicateError, SearchDbError } from './errors.js';
import { DETAIL_COLUMNS, decodeFiles, encodeFiles, indexText, toDetail, type DetailRow } from './rows.js';
import { scrapeStatements, type ScrapeBook } from './scrape-book.js';
import type { SearchService, NewTorrent, Stats, TorrentDetail, TorrentRepository } from './types.js';
import { infoHashOf, validateEntry, type CleanTorrent } from './validate-entry.js';

/** The torrents' rows, files, raw bytes and index entries; every write is one transaction. */
export class SqliteTorrentRepository implements TorrentRepository {
  readonly #db: Database;
  readonly #search: SearchService;
  readonly #scrape: ScrapeBook;
  readonly #sql: ReturnType<typeof prepare>;

  constructor(db: Database, search: SearchService) {
    this.#db = db;
    this.#search = search;
    this.#scrape = scrapeStatements(db);
    this.#sql = prepare(db);
  }

  insert(entry: NewTorrent): { id: number } {
    const clean = validateEntry(entry, Date.now());
    return { id: this.#db.transaction(() => this.#write(clean))() };
  }

  insertMany(entries: NewTorrent[]): { ids: number[] } {
    const now = Date.now();
    const clean = entries.map((entry) => validateEntry(entry, now));
    return { ids: this.#db.transaction(() => clean.map((entry) => this.#write(entry)))() };
  }

  getById(id: number): TorrentDetail | undefined {
    const row = this.#sql.byId.get(id) as DetailRow | undefined;
    return row && toDetail(row);
  }

  getByInfoHash(infoHash: string): TorrentDetail | undefined {
    const row = this.#sql.byInfoHash.get(infoHashOf(infoHash)) as DetailRow | undefined;
    return row && toDetail(row);
  }

  getTorrentBytes(id: number): Uint8Array | undefined {
    const row = this.#sql.bytes.get(id) as { bytes: Buffer } | undefined;
    return row?.bytes;
  }

  newest(options: { limit?: number; cursor?: string }) {
    return this.#search.search({ sort: 'newest', limit: options.limit, cursor: options.cursor });
  }

  /** Hidden torrents leave the search index, so no search ever has to filter them out. */
  hide(id: number): boolean {
    return this.#db.transaction(() => {
      if (this.#sql.setHidden.run(1, id, 0).changes > 0) this.#sql.deleteIndex.run(id);
      return this.#exists(id);
    })();
  }

  unhide(id: number): boolean {
    return this.#db.transaction(() => {
      if (this.#sql.setHidden.run(0, id, 1).changes > 0) this.#index(id);
      return this.#exists(id);
    })();
  }

  delete(id: number): boolean {
    return this.#db.transaction(() => {
      const row = this.#sql.hiddenOf.get(id) as { hidden: number } | undefined;
      if (row?.hidden === 0) this.#sql.deleteIndex.run(id);
      return this.#sql.deleteRow.run(id).changes > 0;
    })();
  }

  stats(): Stats {
    return this.#sql.stats.get() as Stats;
  }

  dueForScrape(now: number, limit: number) {
    return this.#scrape.due(now, limit);
  }

  recordScrape(id: number, counts: { seeders: number; leechers: number; completed: number }, now: number): void {
    this.#scrape.success(id, counts, now);
  }

  recordScrapeFailure(id: number, now: number): void {
    this.#scrape.failure(id, now);
  }

  #exists(id: number): boolean {
    return this.#sql.hiddenOf.get(id) !== undefined;
  }

  /** Puts a stored torrent back into the search index. */
  #index(id: number): void {
    const row = this.#sql.indexSource.get(id) as { title: string; name: string; files: string };
    const text = indexText(row.title, row.name, decodeFiles(row.files));
    this.#sql.insertIndex.run(id, text.title, text.paths);
  }

  /** Runs inside the caller's transaction; a throw anywhere rolls every table back. */
  #write(entry: CleanTorrent): number {
    const blocked = this.#sql.blocked.get(entry.infoHash) as { reason: string } | undefined;
    if (blocked) throw new BlockedError(entry.infoHash, blocked.reason);
    const existing = this.#sql.idByInfoHash.get(entry.infoHash) as { id: number } | undefined;
    if (existing) throw new DuplicateError(entry.infoHash, existing.id);
    if (entry.uploaderTokenId !== null && !this.#sql.tokenExists.get(entry.uploaderTokenId)) {
      throw new SearchDbError('bad-entry', `uploaderTokenId ${entry.uploaderTokenId} is not a known token`);
    }
    const id = Number(
      this.#sql.insertRow.run(
        entry.infoHash,
        entry.name,
        entry.title,
        entry.category,
        entry.size,
        entry.files.length,
        entry.createdAt,
        entry.uploaderTokenId,
        entry.createdAt,
      ).lastInsertRowid,
    );
    const details = [entry.description, JSON.stringify(entry.trackers), JSON.stringify(entry.tags)];
    this.#sql.insertDetails.run(id, ...details, encodeFiles(entry.files));
    this.#sql.insertBytes.run(id, entry.torrentBytes);
    const text = indexText(entry.title, entry.name, entry.files);
    this.#sql.insertIndex.run(id, text.title, text.paths);
    return id;
  }
}

function prepare(db: Database) {
  const detail = `SELECT ${DETAIL_COLUMNS} FROM torrents t JOIN torrent_details d ON d.torrent_id = t.id`;
  return {
    byId: db.prepare(`${detail} WHERE t.id = ?`),
    byInfoHash: db.prepare(`${detail} WHERE t.info_hash = ?`),
    bytes: db.prepare('SELECT bytes FROM torrent_blobs WHERE torrent_id = ?'),
    idByInfoHash: db.prepare('SELECT id FROM torrents WHERE info_hash = ?'),
    blocked: db.prepare('SELECT reason FROM blocklist WHERE info_hash = ?'),
    tokenExists: db.prepare('SELECT 1 FROM api_tokens WHERE id = ?'),
    insertRow: db.prepare(
      'INSERT INTO torrents (info_hash, name, title, category, size, file_count, created_at, uploader_token_id, ' +
        'next_scrape_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertDetails: db.prepare(
      'INSERT INTO torrent_details (torrent_id, description, trackers, tags, files) VALUES (?, ?, ?, ?, ?)',
    ),
    insertBytes: db.prepare('INSERT INTO torrent_blobs (torrent_id, bytes) VALUES (?, ?)'),
    insertIndex: db.prepare('INSERT INTO torrents_fts (rowid, title, paths) VALUES (?, ?, ?)'),
    setHidden: db.prepare('UPDATE torrents SET hidden = ? WHERE id = ? AND hidden = ?'),
    hiddenOf: db.prepare('SELECT hidden FROM torrents WHERE id = ?'),
    indexSource: db.prepare(
      'SELECT t.title, t.name, d.files FROM torrents t JOIN torrent_details d ON d.torrent_id = t.id WHERE t.id = ?',
    ),
    deleteIndex: db.prepare('DELETE FROM torrents_fts WHERE rowid = ?'),
    deleteRow: db.prepare('DELETE FROM torrents WHERE id = ?'),
    stats: db.prepare(
      'SELECT torrents, torrents - hidden AS visible, hidden, total_size AS totalSize, ' +
        '(SELECT count(*) FROM blocklist) AS blocked FROM torrent_totals WHERE id = 1',
    ),
  };
}
