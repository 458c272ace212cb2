import type { Database } from 'better-sqlite3';
import { SearchDbError } from './errors.js';
import type { BlockEntry, Blocklist } from './types.js';
import { infoHashOf } from './validate-entry.js';

/** Infohashes refused at publish time (checked inside the insert transaction). */
export class SqliteBlocklist implements Blocklist {
  readonly #sql;

  constructor(db: Database) {
    this.#sql = {
      add: db.prepare(
        'INSERT INTO blocklist (info_hash, reason, created_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT (info_hash) DO UPDATE SET reason = excluded.reason',
      ),
      remove: db.prepare('DELETE FROM blocklist WHERE info_hash = ?'),
      list: db.prepare(
        'SELECT info_hash AS infoHash, reason, created_at AS createdAt FROM blocklist ORDER BY created_at DESC, info_hash',
      ),
      has: db.prepare('SELECT 1 FROM blocklist WHERE info_hash = ?'),
    };
  }

  add(infoHash: string, reason: string): void {
    if (typeof reason !== 'string' || reason.length > 1024 || !reason.isWellFormed()) {
      throw new SearchDbError('bad-entry', 'the reason must be text of at most 1024 characters');
    }
    this.#sql.add.run(infoHashOf(infoHash), reason, Date.now());
  }

  remove(infoHash: string): boolean {
    return this.#sql.remove.run(infoHashOf(infoHash)).changes > 0;
  }

  list(): BlockEntry[] {
    return this.#sql.list.all() as BlockEntry[];
  }

  has(infoHash: string): boolean {
    return this.#sql.has.get(infoHashOf(infoHash)) !== undefined;
  }
}
