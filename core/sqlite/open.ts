import Sqlite from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { explainSqliteError, SqliteKitError } from './errors.js';

export interface OpenOptions {
  /** Create the file (and its folder) when missing; when false a missing file is 'missing'. */
  create: boolean;
  /** How long a statement waits for another connection's lock before 'busy' (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * Run PRAGMA quick_check on an existing file first. It reads every page, so it suits small
   * files (an engine's library), not a million-row index opened at every start.
   */
  quickCheck?: boolean;
  /**
   * The PRAGMA application_id the file must carry. An existing file with another id is
   * 'foreign', unless it is empty (id 0, no tables): then it is the caller's to set up.
   */
  applicationId?: number;
}

/**
 * Opens an SQLite file the way every Shoal database wants it: WAL (readers go on while one
 * writer commits), synchronous=NORMAL (durable across process crashes; a power cut may lose the
 * last commits), foreign keys on, a busy timeout.
 *
 * An existing file is first checked through a read-only connection, so a file that is not a
 * database, is damaged or belongs to another program is refused (SqliteKitError naming the file)
 * without a byte of it written, not even the WAL switch in its header.
 */
export function openDatabase(file: string, options: OpenOptions): Sqlite.Database {
  const timeout = options.busyTimeoutMs ?? 5000;
  if (existsSync(file)) {
    probe(file, options, timeout);
  } else if (options.create) {
    mkdirSync(dirname(file), { recursive: true });
  } else {
    throw new SqliteKitError('missing', file, `${file} does not exist`);
  }
  return withDatabase(new Sqlite(file, { timeout }), file, (db) => {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  });
}

function probe(file: string, options: OpenOptions, timeout: number): void {
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  try {
    const db = withDatabase(new Sqlite(file, { readonly: true, fileMustExist: true, timeout }), file, (probe) => {
      // The first read of the header is where SQLite notices a file that is not a database.
      probe.pragma('schema_version', { simple: true });
      if (options.quickCheck) quickCheck(probe, file);
      if (options.applicationId !== undefined) checkOwner(probe, file, options.applicationId);
      return probe;
    });
    db.close();
  } catch (error) {
    // Reading a WAL-mode file creates its -wal and -shm; a refused file is left as it was found.
    // A read-only connection never writes frames, so what it created holds nothing.
    for (const created of sidecars) rmSync(created, { force: true });
    throw error;
  }
}

function quickCheck(db: Sqlite.Database, file: string): void {
  const rows = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((text) => text !== 'ok');
  if (problems.length > 0) {
    throw new SqliteKitError('corrupt', file, `${file} is damaged (quick_check: ${problems.join('; ')})`);
  }
}

function checkOwner(db: Sqlite.Database, file: string, expected: number): void {
  const id = db.pragma('application_id', { simple: true }) as number;
  if (id === expected) return;
  const tables = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
  if (id === 0 && tables === 0) return;
  const owner = id === 0 ? 'no application id' : `application id ${id}`;
  throw new SqliteKitError('foreign', file, `${file} belongs to another program (${owner}, expected ${expected})`);
}

/** Runs `use` on a fresh connection; on any failure closes it and throws the error explained. */
function withDatabase<T>(db: Sqlite.Database, file: string, use: (db: Sqlite.Database) => T): T {
  try {
    return use(db);
  } catch (error) {
    db.close();
    throw explainSqliteError(error, file);
  }
}
