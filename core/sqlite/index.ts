/** What every Shoal SQLite file shares: opening it safely and migrating its schema. */
export { openDatabase, type OpenOptions } from './open.js';
export { migrate, type Migration } from './migrate.js';
export { explainSqliteError, SqliteKitError, type SqliteKitErrorCode } from './errors.js';
