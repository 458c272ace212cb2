import type { Database } from 'better-sqlite3';
import { migrate as runMigrations, SqliteKitError, type Migration } from '../../core/sqlite/index.js';
import { SearchDbError } from './errors.js';
import { decodeFiles, indexText } from './rows.js';

/**
 * The schema, as an ordered list of migrations (core/sqlite/migrate.ts runs them: one
 * transaction each, PRAGMA user_version counts them; released ones are never edited).
 *
 * Layout choices (why):
 * - `torrents` holds only the columns that lists, filters and sorts read, so scans and index
 *   lookups touch few pages; description, trackers, tags and the file list sit in
 *   `torrent_details`, the raw .torrent bytes in `torrent_blobs` (both 1:1, cascade on delete).
 * - The file list is one JSON text per torrent (`[[length, "dir", "file"], ...]`): one row write
 *   on ingest instead of one per file, and the detail page reads it whole to draw the tree.
 * - `torrents_fts` is contentless (the text lives in the tables above, we never need it back
 *   from the index) with contentless_delete so rows can be removed. Column `title` holds the
 *   title (and the info name when it differs), `paths` the distinct path elements of the files.
 *   Tokenizer: unicode61 without diacritics, with `+` and `#` as token characters so `C++`,
 *   `C#` and `Notepad++` are words of their own (fts-query.ts's TOKEN_CHAR must agree).
 *   Hidden torrents are taken out of the index (and put back when unhidden).
 *   `prefix = '3 4'` (since version 2; '3' before) keeps a doclist per three- and
 *   four-character prefix: `sta*` would otherwise merge the doclists of hundreds of words (~50 ms
 *   on a million rows). Longer prefixes cover few enough words to merge at query time.
 * - The filter/sort indexes are partial (visible rows only, as every query asks) and each also
 *   holds the other filter columns: counts and filtered walks run on an index alone, never
 *   visiting table rows they do not return.
 * - `torrents_facets` holds, per id, exactly what filters and sorts read: text searches look
 *   their window's rows up there (INDEXED BY) instead of in the wide table rows, 2–3× faster on a
 *   million rows because the whole index stays in cache.
 * - `torrent_totals` is kept by triggers so stats() is one row read, not a million-row scan.
 */
const INITIAL_SCHEMA = `
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('publisher', 'admin')),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;

CREATE TABLE torrents (
  id INTEGER PRIMARY KEY,
  info_hash TEXT NOT NULL UNIQUE CHECK (length(info_hash) = 40 AND info_hash NOT GLOB '*[^0-9a-f]*'),
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  category INTEGER NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  file_count INTEGER NOT NULL CHECK (file_count >= 1),
  created_at INTEGER NOT NULL,
  uploader_token_id INTEGER REFERENCES api_tokens(id),
  hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
  seeders INTEGER NOT NULL DEFAULT 0,
  leechers INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  scraped_at INTEGER,
  next_scrape_at INTEGER NOT NULL,
  scrape_failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX torrents_category ON torrents(category, size, seeders) WHERE hidden = 0;
CREATE INDEX torrents_size ON torrents(size, category, seeders) WHERE hidden = 0;
CREATE INDEX torrents_seeders ON torrents(seeders, category, size) WHERE hidden = 0;
CREATE INDEX torrents_due ON torrents(next_scrape_at) WHERE hidden = 0;
CREATE INDEX torrents_facets ON torrents(id, hidden, category, size, seeders);

CREATE TABLE torrent_details (
  torrent_id INTEGER PRIMARY KEY REFERENCES torrents(id) ON DELETE CASCADE,
  description TEXT NOT NULL,
  trackers TEXT NOT NULL,
  tags TEXT NOT NULL,
  files TEXT NOT NULL
);

CREATE TABLE torrent_blobs (
  torrent_id INTEGER PRIMARY KEY REFERENCES torrents(id) ON DELETE CASCADE,
  bytes BLOB NOT NULL
);

CREATE VIRTUAL TABLE torrents_fts USING fts5(
  title, paths,
  content = '', contentless_delete = 1, prefix = '3',
  tokenize = "unicode61 remove_diacritics 2 tokenchars '+#'"
);

CREATE TABLE blocklist (
  info_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE torrent_totals (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  torrents INTEGER NOT NULL,
  hidden INTEGER NOT NULL,
  total_size INTEGER NOT NULL
);
INSERT INTO torrent_totals VALUES (1, 0, 0, 0);

CREATE TRIGGER torrents_count_insert AFTER INSERT ON torrents BEGIN
  UPDATE torrent_totals SET torrents = torrents + 1, hidden = hidden + new.hidden, total_size = total_size + new.size;
END;
CREATE TRIGGER torrents_count_delete AFTER DELETE ON torrents BEGIN
  UPDATE torrent_totals SET torrents = torrents - 1, hidden = hidden - old.hidden, total_size = total_size - old.size;
END;
CREATE TRIGGER torrents_count_hidden AFTER UPDATE OF hidden ON torrents BEGIN
  UPDATE torrent_totals SET hidden = hidden - old.hidden + new.hidden;
END;
`;

/** Rows re-indexed per statement when a migration rebuilds the full-text index. */
const REINDEX_BATCH = 10_000;

/**
 * Version 2: prefix indexes for three- and four-character prefixes (`prefix = '3 4'`). A
 * four-character prefix such as `lint*` merged the doclists of a hundred words at every query
 * (11 ms on a million rows, counted, ranked and its IDF computed: three merges). FTS5 fixes the
 * prefix option at creation and the index is contentless, so the index is rebuilt from the
 * stored rows: about 30 s per million torrents (measured), once.
 */
function fourCharacterPrefixes(db: Database): void {
  db.exec(`DROP TABLE torrents_fts;
CREATE VIRTUAL TABLE torrents_fts USING fts5(
  title, paths,
  content = '', contentless_delete = 1, prefix = '3 4',
  tokenize = "unicode61 remove_diacritics 2 tokenchars '+#'"
);`);
  const source = db.prepare(
    'SELECT t.id, t.title, t.name, d.files FROM torrents t JOIN torrent_details d ON d.torrent_id = t.id ' +
      'WHERE t.hidden = 0 AND t.id > ? ORDER BY t.id LIMIT ?',
  );
  const insert = db.prepare('INSERT INTO torrents_fts (rowid, title, paths) VALUES (?, ?, ?)');
  let after = 0;
  for (;;) {
    const rows = source.all(after, REINDEX_BATCH) as { id: number; title: string; name: string; files: string }[];
    for (const row of rows) {
      const text = indexText(row.title, row.name, decodeFiles(row.files));
      insert.run(row.id, text.title, text.paths);
    }
    if (rows.length < REINDEX_BATCH) return;
    after = rows.at(-1)!.id;
  }
}

export const MIGRATIONS: readonly Migration[] = [(db) => db.exec(INITIAL_SCHEMA), fourCharacterPrefixes];

/** Brings the database to the newest schema; refuses a database written by a newer Shoal. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  try {
    return runMigrations(db, migrations);
  } catch (error) {
    if (error instanceof SqliteKitError && error.code === 'too-new') {
      throw new SearchDbError('schema-too-new', error.message, { cause: error });
    }
    throw error;
  }
}
