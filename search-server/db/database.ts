import Sqlite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteBlocklist } from './blocklist.js';
import { SqliteTorrentRepository } from './repository.js';
import { migrate } from './schema.js';
import { SqliteSearchService } from './search.js';
import { SqliteTokenStore } from './tokens.js';
import type { SearchDatabase, SearchDatabaseOptions } from './types.js';

/**
 * Opens (creating when missing) the search server's SQLite file and brings its schema up to
 * date. WAL lets readers go on while a publish writes; synchronous=NORMAL is durable across
 * process crashes in WAL mode and may lose only the last commits on power loss.
 */
export function openSearchDatabase(file: string, options: SearchDatabaseOptions = {}): SearchDatabase {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Sqlite(file, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    configure(db);
    const schemaVersion = migrate(db);
    const searcher = new SqliteSearchService(db);
    return {
      torrents: new SqliteTorrentRepository(db, searcher),
      searcher,
      tokens: new SqliteTokenStore(db),
      blocklist: new SqliteBlocklist(db),
      schemaVersion,
      close() {
        if (!db.open) return;
        db.pragma('optimize');
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw explain(error, file);
  }
}

function configure(db: Sqlite.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
}

function explain(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new Error(`${file} is not a Shoal search database (${(error as Error).message})`, { cause: error });
  }
  return error;
}
