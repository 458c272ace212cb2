import type { Migration } from '../../sqlite/index.js';

/** PRAGMA application_id of a Shoal library ("Shol"): what tells it apart from any other SQLite file. */
export const LIBRARY_APPLICATION_ID = 0x53686f6c;

/**
 * The library's schema, as migrations (core/sqlite/migrate.ts; released ones are never edited).
 *
 * Layout choices (why):
 * - The .torrent bytes sit in `torrent_files`, not in `torrents`: SQLite rewrites a whole row on
 *   UPDATE, and the engine updates state and totals often while a .torrent can be megabytes.
 * - `priorities` is one letter per file (s, l, n, h): a 100,000-file torrent costs 100 KB, not
 *   the ~800 KB of a JSON array of words.
 * - `resume` is 1:1 with a torrent and saved with the totals in one transaction, so after a crash
 *   the bitfield and the byte counters always agree.
 * - STRICT tables and CHECKs keep a bug from storing what list() could not read back.
 */
const INITIAL_SCHEMA = `
CREATE TABLE torrents (
  id INTEGER PRIMARY KEY,
  info_hash TEXT NOT NULL UNIQUE CHECK (length(info_hash) = 40 AND info_hash NOT GLOB '*[^0-9a-f]*'),
  name TEXT NOT NULL,
  magnet TEXT,
  save_path TEXT NOT NULL CHECK (save_path <> ''),
  state TEXT NOT NULL CHECK (state IN ('active', 'paused')),
  added_at INTEGER NOT NULL,
  completed_at INTEGER,
  priorities TEXT NOT NULL CHECK (priorities NOT GLOB '*[^slnh]*'),
  sequential INTEGER NOT NULL CHECK (sequential IN (0, 1)),
  download_limit INTEGER CHECK (download_limit > 0),
  upload_limit INTEGER CHECK (upload_limit > 0),
  uploaded INTEGER NOT NULL CHECK (uploaded >= 0),
  downloaded INTEGER NOT NULL CHECK (downloaded >= 0),
  error_code TEXT,
  error_message TEXT,
  CHECK ((error_code IS NULL) = (error_message IS NULL))
) STRICT;

CREATE TABLE torrent_files (
  torrent_id INTEGER PRIMARY KEY REFERENCES torrents(id) ON DELETE CASCADE,
  bytes BLOB NOT NULL
) STRICT;

CREATE TABLE resume (
  torrent_id INTEGER PRIMARY KEY REFERENCES torrents(id) ON DELETE CASCADE,
  have BLOB NOT NULL,
  files TEXT NOT NULL,
  saved_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

export const LIBRARY_MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(INITIAL_SCHEMA);
    db.pragma(`application_id = ${LIBRARY_APPLICATION_ID}`);
  },
];
