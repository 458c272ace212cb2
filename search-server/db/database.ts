import type Sqlite from 'better-sqlite3';
import { explainSqliteError, openDatabase, SqliteKitError } from '../../core/sqlite/index.js';
import { SqliteBlocklist } from './blocklist.js';
import { tuneConnection } from './connection.js';
import { SqliteTorrentRepository } from './repository.js';
import { migrate } from './schema.js';
import { SqliteSearchService } from './search.js';
import { SqliteTokenStore } from './tokens.js';
import type { SearchDatabase, SearchDatabaseOptions } from './types.js';

/**
 * Opens (creating when missing) the search server's SQLite file and brings its schema up to
 * date. WAL lets readers go on while a publish writes (core/sqlite sets it up); the
 * connection's cache, map and temp settings are in ./connection.ts.
 */
export function openSearchDatabase(file: string, options: SearchDatabaseOptions = {}): SearchDatabase {
  let db: Sqlite.Database;
  try {
    db = openDatabase(file, { create: true, busyTimeoutMs: options.busyTimeoutMs });
  } catch (error) {
    throw explain(error, file);
  }
  try {
    tuneConnection(db);
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

function explain(error: unknown, file: string): unknown {
  const known = explainSqliteError(error, file);
  if (known instanceof SqliteKitError && (known.code === 'not-a-database' || known.code === 'corrupt')) {
    const detail = known.cause instanceof Error ? known.cause.message : known.message;
    return new Error(`${file} is not a Shoal search database (${detail})`, { cause: known });
  }
  return known;
}
