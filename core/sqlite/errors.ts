/**
 * Typed errors of the SQLite kit. The kit is its own room and imports nothing of ours, so this
 * mirrors CodedError (core/protocol/errors.ts) instead of extending it: a stable `code`, a message
 * naming the file. Callers wrap it into their own room's error (SearchDbError, LibraryError).
 */
export type SqliteKitErrorCode =
  /** The file does not exist and `create` was false. */
  | 'missing'
  /** The file is not an SQLite database at all. */
  | 'not-a-database'
  /** An SQLite database, but damaged (quick_check failed, or SQLite reported it malformed). */
  | 'corrupt'
  /** A healthy SQLite database that belongs to another program (its application_id differs). */
  | 'foreign'
  /** Written by a newer version: its schema version is beyond the known migrations. */
  | 'too-new'
  /** Another connection held the lock for longer than the busy timeout. */
  | 'busy'
  /** The file or its folder cannot be opened or written (permissions, read-only medium). */
  | 'cannot-open';

export class SqliteKitError extends Error {
  readonly code: SqliteKitErrorCode;
  /** The database file concerned. */
  readonly file: string;

  constructor(code: SqliteKitErrorCode, file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqliteKitError';
    this.code = code;
    this.file = file;
  }
}

/**
 * SQLite's own error, from any statement on `file`, as a SqliteKitError when it is one of the
 * kinds above; anything else (a constraint, a bug) is returned unchanged.
 */
export function explainSqliteError(error: unknown, file: string): unknown {
  if (error instanceof SqliteKitError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const kind = KINDS.find(([prefix]) => code.startsWith(prefix));
  if (kind === undefined) return error;
  return new SqliteKitError(kind[1], file, `${file} ${kind[2]} (${(error as Error).message})`, { cause: error });
}

/** SQLite result codes (extended codes start with their primary's name) and what they mean here. */
const KINDS: [prefix: string, code: SqliteKitErrorCode, what: string][] = [
  ['SQLITE_NOTADB', 'not-a-database', 'is not an SQLite database'],
  ['SQLITE_CORRUPT', 'corrupt', 'is damaged'],
  ['SQLITE_BUSY', 'busy', 'is locked by another program or process'],
  ['SQLITE_LOCKED', 'busy', 'is locked by another program or process'],
  ['SQLITE_CANTOPEN', 'cannot-open', 'cannot be opened'],
  ['SQLITE_READONLY', 'cannot-open', 'cannot be written'],
  ['SQLITE_PERM', 'cannot-open', 'cannot be opened or written'],
];
