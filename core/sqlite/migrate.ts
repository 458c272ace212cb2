import type { Database } from 'better-sqlite3';
import { SqliteKitError } from './errors.js';

/** Takes a database at version i to i + 1; released migrations are never edited, only appended to. */
export type Migration = (db: Database) => void;

/**
 * Brings the database to the newest schema (PRAGMA user_version), one transaction per
 * migration, so a failure leaves the file at the last version that completed. A file with a
 * version beyond the list was written by a newer Shoal: SqliteKitError 'too-new', untouched.
 * Returns the schema version reached.
 */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new SqliteKitError(
      'too-new',
      db.name,
      `${db.name} has schema version ${current}, but this Shoal knows only up to ${migrations.length}; ` +
        'upgrade Shoal or use another data folder',
    );
  }
  for (let version = current; version < migrations.length; version += 1) {
    const step = migrations[version]!;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return migrations.length;
}
