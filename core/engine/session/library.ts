import type Sqlite from 'better-sqlite3';
import { join } from 'node:path';
import { explainSqliteError, migrate, openDatabase, SqliteKitError } from '../../sqlite/index.js';
import { LibraryError } from './library-errors.js';
import {
  checkEntry,
  checkPatch,
  checkResume,
  columnsOf,
  entryOf,
  filesText,
  resumeOf,
  type EntryPatch,
  type LibraryEntry,
  type ResumeData,
  type TorrentRow,
} from './library-rows.js';
import { LIBRARY_APPLICATION_ID, LIBRARY_MIGRATIONS } from './library-schema.js';

export { LibraryError, type LibraryErrorCode } from './library-errors.js';
export type { FilePriority, LibraryEntry, ResumeData } from './library-rows.js';

export const LIBRARY_FILE = 'library.sqlite';

export interface LibraryOptions {
  /** How long a write waits for another process's lock before LibraryError 'busy' (default 5000 ms). */
  busyTimeoutMs?: number;
}

const SELECT_ENTRY = 'SELECT t.*, f.bytes FROM torrents t LEFT JOIN torrent_files f ON f.torrent_id = t.id';

/**
 * The engine's library: every torrent it holds, its resume data and the settings, in one SQLite
 * file (WAL) in the data folder. Every method is synchronous and one transaction. Several
 * processes may open the same library (WAL readers never wait; writers queue up to the busy
 * timeout), so a CLI can read what a running daemon keeps.
 */
export class Library {
  private constructor(
    private readonly db: Sqlite.Database,
    /** The library file, for error messages. */
    readonly file: string,
  ) {}

  /**
   * Opens or creates <dataDir>/library.sqlite. A file that exists but is not a Shoal library, or
   * is damaged (quick_check fails), is LibraryError 'corrupt' naming the file and what to do; it
   * is never replaced, moved or written. A newer schema than this code knows is 'too-new'.
   */
  static open(dataDir: string, options: LibraryOptions = {}): Library {
    const file = join(dataDir, LIBRARY_FILE);
    let db: Sqlite.Database | undefined;
    try {
      db = openDatabase(file, {
        create: true,
        quickCheck: true,
        applicationId: LIBRARY_APPLICATION_ID,
        busyTimeoutMs: options.busyTimeoutMs,
      });
      migrate(db, LIBRARY_MIGRATIONS);
      return new Library(db, file);
    } catch (error) {
      db?.close();
      throw libraryError(error, file);
    }
  }

  /** Every torrent, in the order they were added. */
  list(): LibraryEntry[] {
    return this.run(() => (this.db.prepare(`${SELECT_ENTRY} ORDER BY t.id`).all() as TorrentRow[]).map(entryOf));
  }

  get(infoHash: string): LibraryEntry | undefined {
    return this.run(() => {
      const row = this.db.prepare(`${SELECT_ENTRY} WHERE t.info_hash = ?`).get(infoHash) as TorrentRow | undefined;
      return row && entryOf(row);
    });
  }

  /** LibraryError 'exists' if the torrent is already there; 'bad-entry' naming a field it cannot store. */
  add(entry: LibraryEntry): void {
    const { infoHash, torrent, ...rest } = checkEntry(entry);
    this.run(() =>
      this.db.transaction(() => {
        if (this.idOf(infoHash) !== undefined) {
          throw new LibraryError('exists', `the torrent ${infoHash} is already in the library`);
        }
        const columns = { info_hash: infoHash, ...columnsOf(rest) };
        const names = Object.keys(columns);
        const { lastInsertRowid } = this.db
          .prepare(`INSERT INTO torrents (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`)
          .run(columns);
        if (torrent) this.db.prepare('INSERT INTO torrent_files VALUES (?, ?)').run(lastInsertRowid, torrent);
      })(),
    );
  }

  /** Changes the given fields; LibraryError 'not-found' for a torrent that is not there. */
  update(infoHash: string, patch: EntryPatch): void {
    const { torrent, ...rest } = checkPatch(infoHash, patch);
    this.run(() =>
      this.db.transaction(() => {
        const id = this.requireId(infoHash);
        const columns = columnsOf(rest);
        const names = Object.keys(columns);
        if (names.length > 0) {
          const sets = names.map((n) => `${n} = @${n}`).join(', ');
          this.db.prepare(`UPDATE torrents SET ${sets} WHERE id = @id`).run({ ...columns, id });
        }
        if (torrent === null) this.db.prepare('DELETE FROM torrent_files WHERE torrent_id = ?').run(id);
        if (torrent) this.db.prepare('INSERT OR REPLACE INTO torrent_files VALUES (?, ?)').run(id, torrent);
        this.requireSource(id, infoHash);
      })(),
    );
  }

  /** The bitfield, the files' sizes and times and the byte totals, together or not at all. */
  saveResume(infoHash: string, resume: ResumeData, totals: { uploaded: number; downloaded: number }): void {
    checkResume(infoHash, resume, totals);
    this.run(() =>
      this.db.transaction(() => {
        const id = this.requireId(infoHash);
        this.db
          .prepare('UPDATE torrents SET uploaded = ?, downloaded = ? WHERE id = ?')
          .run(totals.uploaded, totals.downloaded, id);
        this.db
          .prepare('INSERT OR REPLACE INTO resume (torrent_id, have, files, saved_at) VALUES (?, ?, ?, ?)')
          .run(id, resume.have, filesText(resume.files), Date.now());
      })(),
    );
  }

  /** Undefined when none was saved, or when what was saved is unreadable (the engine then rechecks). */
  loadResume(infoHash: string): ResumeData | undefined {
    return this.run(() => {
      const row = this.db
        .prepare('SELECT r.have, r.files FROM resume r JOIN torrents t ON t.id = r.torrent_id WHERE t.info_hash = ?')
        .get(infoHash) as { have: Uint8Array; files: string } | undefined;
      return row && resumeOf(row.have, row.files);
    });
  }

  /** Forgets the torrent with its resume data; a torrent that is not there is already forgotten. */
  remove(infoHash: string): void {
    this.run(() => this.db.prepare('DELETE FROM torrents WHERE info_hash = ?').run(infoHash));
  }

  /** Every stored setting, each value as it was given to setSettings (JSON); unreadable ones left out. */
  getSettings(): Record<string, unknown> {
    const rows = this.run(
      () => this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[],
    );
    const settings: Record<string, unknown> = {};
    for (const { key, value } of rows) {
      try {
        settings[key] = JSON.parse(value);
      } catch {
        continue;
      }
    }
    return settings;
  }

  /** Stores each value as JSON, all or none; a key whose value is undefined is deleted. */
  setSettings(values: Record<string, unknown>): void {
    const rows = Object.entries(values).map(([key, value]) => [key, jsonOf(key, value)] as const);
    this.run(() =>
      this.db.transaction(() => {
        const put = this.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
        const drop = this.db.prepare('DELETE FROM settings WHERE key = ?');
        for (const [key, json] of rows) {
          if (json === undefined) drop.run(key);
          else put.run(key, json);
        }
      })(),
    );
  }

  /** Safe to call twice. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private idOf(infoHash: string): number | undefined {
    const row = this.db.prepare('SELECT id FROM torrents WHERE info_hash = ?').get(infoHash) as
      { id: number } | undefined;
    return row?.id;
  }

  private requireId(infoHash: string): number {
    const id = this.idOf(infoHash);
    if (id === undefined) throw new LibraryError('not-found', `the torrent ${infoHash} is not in the library`);
    return id;
  }

  /** A torrent must stay findable: by its .torrent or by its magnet link. */
  private requireSource(id: number, infoHash: string): void {
    const row = this.db
      .prepare(
        'SELECT t.magnet IS NOT NULL OR f.torrent_id IS NOT NULL AS ok FROM torrents t ' +
          'LEFT JOIN torrent_files f ON f.torrent_id = t.id WHERE t.id = ?',
      )
      .get(id) as { ok: number };
    if (!row.ok) throw new LibraryError('bad-entry', `update of ${infoHash}: it needs its torrent or its magnet link`);
  }

  /** Runs one library operation, turning SQLite's failures into LibraryErrors. */
  private run<T>(operation: () => T): T {
    if (!this.db.open) throw new LibraryError('closed', `the library ${this.file} is closed`);
    try {
      return operation();
    } catch (error) {
      throw libraryError(error, this.file);
    }
  }
}

function jsonOf(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new LibraryError('bad-settings', `setting ${key}: ${(error as Error).message}`);
  }
  if (json === undefined) throw new LibraryError('bad-settings', `setting ${key} has no JSON form`);
  return json;
}

/** The failure as a LibraryError telling people what happened to which file and what to do. */
function libraryError(error: unknown, file: string): unknown {
  if (error instanceof LibraryError) return error;
  const known = explainSqliteError(error, file);
  if (!(known instanceof SqliteKitError)) return known;
  switch (known.code) {
    case 'not-a-database':
    case 'corrupt':
    case 'foreign':
      return new LibraryError(
        'corrupt',
        `${known.message}. It is not a Shoal library or it is damaged, and was left exactly as it is: ` +
          'restore it from a backup, or move it away to start with an empty library',
        { cause: known },
      );
    case 'too-new':
      return new LibraryError('too-new', known.message, { cause: known });
    case 'busy':
      return new LibraryError('busy', `${known.message}: another Shoal is writing to it; try again`, { cause: known });
    default:
      return new LibraryError('cannot-open', known.message, { cause: known });
  }
}
