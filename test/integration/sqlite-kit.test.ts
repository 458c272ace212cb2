import Sqlite from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainSqliteError, migrate, openDatabase, SqliteKitError, type Migration } from '../../core/sqlite/index.js';

let dir: string;
const open: Sqlite.Database[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoal-sqlite-kit-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function track(db: Sqlite.Database): Sqlite.Database {
  open.push(db);
  return db;
}

/** A real database with enough pages that cutting it leaves dangling references. */
function filledDatabase(file: string, applicationId = 0, journalMode = 'DELETE'): void {
  const db = new Sqlite(file);
  db.pragma(`journal_mode = ${journalMode}`);
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL); CREATE INDEX t_body ON t(body);');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 400; i++) insert.run(randomBytes(200));
  })();
  db.pragma(`application_id = ${applicationId}`);
  db.close();
}

function expectKitError(run: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SqliteKitError);
  expect(caught).toMatchObject({ code, message: expect.stringMatching(message) });
}

describe('openDatabase', () => {
  it('creates the file and its folder, in WAL mode with foreign keys and the busy timeout on', () => {
    const file = join(dir, 'a', 'b', 'new.sqlite');
    const db = track(openDatabase(file, { create: true, busyTimeoutMs: 1234 }));
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('refuses a missing file when create is false, and creates nothing', () => {
    const file = join(dir, 'nope', 'missing.sqlite');
    expectKitError(() => openDatabase(file, { create: false }), 'missing', /missing\.sqlite does not exist$/);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it('refuses a file that is not a database, naming it, and leaves its bytes alone', () => {
    const file = join(dir, 'random.sqlite');
    const bytes = randomBytes(8192);
    writeFileSync(file, bytes);
    for (const quickCheck of [false, true]) {
      expectKitError(
        () => openDatabase(file, { create: true, quickCheck }),
        'not-a-database',
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not an SQLite database`),
      );
    }
    expect(readFileSync(file)).toEqual(bytes);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it.each(['DELETE', 'WAL'])(
    'with quickCheck, refuses a truncated database (journal mode %s) as damaged and leaves it as it was',
    (mode) => {
      const file = join(dir, 'cut.sqlite');
      filledDatabase(file, 0, mode);
      const size = readFileSync(file).length;
      truncateSync(file, Math.floor(size / 2));
      const before = readFileSync(file);
      expectKitError(() => openDatabase(file, { create: true, quickCheck: true }), 'corrupt', /cut\.sqlite is damaged/);
      expect(readFileSync(file)).toEqual(before);
      expect([existsSync(`${file}-wal`), existsSync(`${file}-shm`)]).toEqual([false, false]);
    },
  );

  it('with an applicationId, refuses another program’s database but takes an empty one', () => {
    const foreign = join(dir, 'foreign.sqlite');
    filledDatabase(foreign, 42);
    const before = readFileSync(foreign);
    expectKitError(
      () => openDatabase(foreign, { create: true, applicationId: 7 }),
      'foreign',
      /foreign\.sqlite belongs to another program \(application id 42, expected 7\)/,
    );
    expect(readFileSync(foreign)).toEqual(before);
    const unlabelled = join(dir, 'unlabelled.sqlite');
    filledDatabase(unlabelled, 0);
    expectKitError(() => openDatabase(unlabelled, { create: true, applicationId: 7 }), 'foreign', /no application id/);

    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    const db = track(openDatabase(empty, { create: false, applicationId: 7, quickCheck: true }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const mine = join(dir, 'mine.sqlite');
    filledDatabase(mine, 7);
    expect(track(openDatabase(mine, { create: false, applicationId: 7, quickCheck: true })).open).toBe(true);
  });
});

describe('migrate', () => {
  const steps: Migration[] = [
    (db) => db.exec('CREATE TABLE a (x INTEGER)'),
    (db) => db.exec('ALTER TABLE a ADD COLUMN y TEXT'),
  ];

  it('runs each migration once, in order, and counts them in user_version', () => {
    const db = track(openDatabase(join(dir, 'm.sqlite'), { create: true }));
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    expect(migrate(db, steps)).toBe(2);
    expect(migrate(db, steps)).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').all('a')).toEqual([{ name: 'x' }, { name: 'y' }]);
  });

  it('rolls a failing migration back whole and keeps the versions before it', () => {
    const db = track(openDatabase(join(dir, 'fail.sqlite'), { create: true }));
    const failing: Migration = (d) => {
      d.exec('CREATE TABLE half_done (x)');
      d.exec('THIS IS NOT SQL');
    };
    expect(() => migrate(db, [steps[0]!, failing])).toThrow(/syntax error/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined();
  });

  it('refuses a schema newer than it knows, naming the file and both versions, and changes nothing', () => {
    const file = join(dir, 'new.sqlite');
    const db = track(openDatabase(file, { create: true }));
    db.pragma('user_version = 9');
    expectKitError(
      () => migrate(db, steps),
      'too-new',
      /new\.sqlite has schema version 9, but this Shoal knows only up to 2/,
    );
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()).toEqual({ n: 0 });
  });
});

describe('explainSqliteError', () => {
  it('turns a lock held past the busy timeout into "busy" naming the file', () => {
    const file = join(dir, 'locked.sqlite');
    const holder = track(openDatabase(file, { create: true }));
    holder.exec('CREATE TABLE t (x)');
    const waiter = track(openDatabase(file, { create: false, busyTimeoutMs: 50 }));
    holder.exec('BEGIN IMMEDIATE');
    let caught: unknown;
    try {
      waiter.exec('INSERT INTO t VALUES (1)');
    } catch (error) {
      caught = explainSqliteError(error, file);
    }
    holder.exec('ROLLBACK');
    expect(caught).toBeInstanceOf(SqliteKitError);
    expect(caught).toMatchObject({ code: 'busy', file, message: expect.stringContaining('locked.sqlite is locked') });
  });

  it('returns other errors unchanged', () => {
    const db = track(openDatabase(join(dir, 'c.sqlite'), { create: true }));
    db.exec('CREATE TABLE t (x INTEGER NOT NULL)');
    let caught: unknown;
    try {
      db.exec('INSERT INTO t VALUES (NULL)');
    } catch (error) {
      caught = error;
    }
    expect(explainSqliteError(caught, 'c.sqlite')).toBe(caught);
    const plain = new TypeError('x');
    expect(explainSqliteError(plain, 'c.sqlite')).toBe(plain);
    expect(explainSqliteError(null, 'c.sqlite')).toBe(null);
  });
});
