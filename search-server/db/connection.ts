import type { Database } from 'better-sqlite3';

/**
 * Per-connection settings of the search database (none is stored in the file, so they apply to
 * every existing database at its next open). Measured on a million-torrent index (3.1 GiB),
 * see bench/RESULTS.md "search":
 *
 * - `temp_store = MEMORY`: an insert into `torrents` (it fires the totals trigger) and into the
 *   FTS5 table opens a statement journal, which holds the old content of every page the
 *   statement changes so it alone can be rolled back. On the default temp_store that journal is
 *   a file in /var/tmp: 4.4 million write() calls and 9.5 GB written per 200,000 torrents
 *   ingested, against 0.7 million and 2.0 GB (the WAL and its checkpoints) in memory. The
 *   journal is emptied after each statement, so it stays a few pages large.
 * - `mmap_size`: pages are read straight from the OS page cache instead of being copied into
 *   SQLite's own cache by one pread() each; an FTS5 doclist of a word in a third of the rows is
 *   hundreds of pages, read at every search for bm25's IDF. This SQLite build caps the map at
 *   MMAP_BYTES (its SQLITE_MAX_MMAP_SIZE); pages past it are read as before.
 * - `cache_size`: the working set of an ingest transaction (random-order leaf pages of the
 *   infohash and filter indexes) and of searches (segment roots, the facets index); negative
 *   means KiB.
 */
export const MMAP_BYTES = 0x7fff0000;
export const CACHE_KIB = 131_072;

export function tuneConnection(db: Database): void {
  db.pragma('temp_store = MEMORY');
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  db.pragma(`cache_size = -${CACHE_KIB}`);
}
