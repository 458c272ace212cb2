import Sqlite from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library, LibraryError, type LibraryEntry, type ResumeData } from '../../core/engine/session/library.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const BUILT_LIBRARY = path.join(REPO, 'dist/core/engine/session/library.js');

let dir: string;
let library: Library | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-library-'));
});
afterEach(() => {
  library?.close();
  library = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function openLibrary(options?: { busyTimeoutMs?: number }): Library {
  library = Library.open(dir, options);
  return library;
}

const hash = (n: number) => n.toString(16).padStart(40, '0');

function entry(n: number, overrides: Partial<LibraryEntry> = {}): LibraryEntry {
  return {
    infoHash: hash(n),
    name: `Torrent ${n} – ünïcode`,
    torrent: new Uint8Array(randomBytes(3000)),
    magnet: `magnet:?xt=urn:btih:${hash(n)}&dn=x`,
    savePath: path.join(dir, 'downloads'),
    state: 'active',
    addedAt: 1_700_000_000_000 + n,
    completedAt: 1_700_000_500_000,
    priorities: ['skip', 'low', 'normal', 'high', 'normal'],
    sequential: true,
    downloadLimit: 1_000_000,
    uploadLimit: null,
    uploaded: 2 ** 40 + 3,
    downloaded: 12345,
    error: { code: 'disk-full', message: 'no space left on /dev/sda1' },
    ...overrides,
  };
}

const magnetOnly = (n: number) =>
  entry(n, { torrent: null, priorities: [], completedAt: null, error: null, downloadLimit: null, sequential: false });

function expectLibraryError(run: () => unknown, code: string, message?: RegExp): LibraryError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LibraryError);
  expect((caught as LibraryError).code).toBe(code);
  if (message) expect((caught as LibraryError).message).toMatch(message);
  return caught as LibraryError;
}

function filesIn(folder: string): string[] {
  return ['library.sqlite', 'library.sqlite-wal', 'library.sqlite-shm'].filter((f) => existsSync(path.join(folder, f)));
}

describe('entries', () => {
  it('round-trips every field, through a reopen, in the order added', () => {
    const full = entry(2);
    const waiting = magnetOnly(1);
    const lib = openLibrary();
    lib.add(full);
    lib.add(waiting);
    expect(lib.get(full.infoHash)).toEqual(full);
    expect(lib.get(waiting.infoHash)).toEqual(waiting);
    expect(lib.get(hash(99))).toBeUndefined();
    lib.close();
    const again = openLibrary();
    expect(again.list()).toEqual([full, waiting]);
    expect(again.get(full.infoHash)!.torrent).toBeInstanceOf(Uint8Array);
  });

  it('updates each field it is given and leaves the others', () => {
    const lib = openLibrary();
    const start = magnetOnly(1);
    lib.add(start);
    const torrent = new Uint8Array(randomBytes(100));
    lib.update(start.infoHash, { torrent, name: 'Real name', priorities: ['normal', 'skip'] });
    expect(lib.get(start.infoHash)).toEqual({ ...start, torrent, name: 'Real name', priorities: ['normal', 'skip'] });
    const patch: Partial<LibraryEntry> = {
      magnet: null,
      savePath: '/elsewhere',
      state: 'paused',
      addedAt: 5,
      completedAt: 6,
      sequential: true,
      downloadLimit: 7,
      uploadLimit: 8,
      uploaded: 9,
      downloaded: 10,
      error: { code: 'x', message: 'y' },
    };
    lib.update(start.infoHash, patch);
    expect(lib.get(start.infoHash)).toEqual({
      ...start,
      torrent,
      name: 'Real name',
      priorities: ['normal', 'skip'],
      ...patch,
    });
    lib.update(start.infoHash, { error: null, downloadLimit: null });
    expect(lib.get(start.infoHash)).toMatchObject({ error: null, downloadLimit: null, uploadLimit: 8 });
  });

  it('refuses duplicates, unknown torrents and an update that would leave neither torrent nor magnet', () => {
    const lib = openLibrary();
    lib.add(entry(1));
    expectLibraryError(() => lib.add(entry(1)), 'exists', new RegExp(`${hash(1)} is already in the library`));
    expectLibraryError(() => lib.update(hash(2), { state: 'paused' }), 'not-found', /is not in the library/);
    expectLibraryError(
      () => lib.update(hash(1), { torrent: null, magnet: null, state: 'paused' }),
      'bad-entry',
      /needs its torrent or its magnet link/,
    );
    expect(lib.get(hash(1))).toMatchObject({ state: 'active', magnet: expect.any(String) });
    expect(lib.get(hash(1))!.torrent).not.toBeNull();
    lib.remove(hash(1));
    lib.remove(hash(1));
    expect(lib.list()).toEqual([]);
  });

  it.each<[string, Partial<LibraryEntry> | Record<string, unknown>, RegExp]>([
    ['an upper-case infohash', { infoHash: 'A'.repeat(40) }, /infoHash must be 40 lower-case hex/],
    ['neither torrent nor magnet', { torrent: null, magnet: null }, /needs its torrent or its magnet link/],
    ['a negative total', { uploaded: -1 }, /uploaded must not be negative/],
    ['a fractional time', { addedAt: 1.5 }, /addedAt must be a whole number/],
    ['an unknown state', { state: 'running' }, /state/],
    ['an unknown priority', { priorities: ['normal', 'urgent'] }, /priorities\[1\]/],
    ['a zero limit', { uploadLimit: 0 }, /uploadLimit must be at least 1/],
    ['an empty save path', { savePath: '' }, /savePath must not be empty/],
    ['bytes that are not bytes', { torrent: 'abc' }, /torrent must be a Uint8Array/],
    ['an unknown field', { colour: 'red' }, /unknown field colour/],
  ])('refuses an entry with %s, naming the field', (_what, overrides, message) => {
    const lib = openLibrary();
    expectLibraryError(() => lib.add({ ...entry(1), ...overrides } as LibraryEntry), 'bad-entry', message);
    expect(lib.list()).toEqual([]);
  });

  it('refuses a patch that sets the infohash or a bad value', () => {
    const lib = openLibrary();
    lib.add(entry(1));
    expectLibraryError(
      () => lib.update(hash(1), { infoHash: hash(2) } as never),
      'bad-entry',
      /unknown field infoHash/,
    );
    expectLibraryError(() => lib.update(hash(1), { downloaded: NaN }), 'bad-entry', /downloaded/);
    expect(lib.get(hash(1))).toEqual(expect.objectContaining({ infoHash: hash(1), downloaded: 12345 }));
  });
});

describe('resume data', () => {
  const resume: ResumeData = {
    have: new Uint8Array([0b1011_0000, 0xff, 0]),
    files: [{ size: 2 ** 33, mtimeMs: 1_700_000_000_123.456 }, null, { size: 0, mtimeMs: 0 }],
  };

  it('saves the bitfield, the files and the totals together, and loads them back', () => {
    const lib = openLibrary();
    lib.add(entry(1));
    expect(lib.loadResume(hash(1))).toBeUndefined();
    lib.saveResume(hash(1), resume, { uploaded: 77, downloaded: 88 });
    expect(lib.loadResume(hash(1))).toEqual(resume);
    expect(lib.get(hash(1))).toMatchObject({ uploaded: 77, downloaded: 88 });
    const later = { have: new Uint8Array([0xff, 0xff, 0x80]), files: [null, null, null] };
    lib.saveResume(hash(1), later, { uploaded: 78, downloaded: 89 });
    lib.close();
    expect(openLibrary().loadResume(hash(1))).toEqual(later);
  });

  it('refuses resume data for an unknown torrent, or bad totals, and writes nothing', () => {
    const lib = openLibrary();
    lib.add(entry(1));
    expectLibraryError(() => lib.saveResume(hash(2), resume, { uploaded: 0, downloaded: 0 }), 'not-found');
    expectLibraryError(() => lib.saveResume(hash(1), resume, { uploaded: -5, downloaded: 0 }), 'bad-entry', /uploaded/);
    expectLibraryError(
      () =>
        lib.saveResume(hash(1), { have: resume.have, files: [{ size: 1 } as never] }, { uploaded: 0, downloaded: 0 }),
      'bad-entry',
      /files\[0\]\.mtimeMs is required/,
    );
    expect(lib.loadResume(hash(1))).toBeUndefined();
    expect(lib.get(hash(1))).toMatchObject({ uploaded: 2 ** 40 + 3 });
  });

  it('goes with its torrent when that is removed', () => {
    const lib = openLibrary();
    lib.add(entry(1));
    lib.saveResume(hash(1), resume, { uploaded: 1, downloaded: 1 });
    lib.remove(hash(1));
    lib.add(entry(1));
    expect(lib.loadResume(hash(1))).toBeUndefined();
  });

  it('treats a damaged stored file list as no resume data (the engine rechecks)', () => {
    const lib = openLibrary();
    lib.add(entry(1));
    lib.saveResume(hash(1), resume, { uploaded: 1, downloaded: 1 });
    const raw = new Sqlite(lib.file);
    raw.prepare('UPDATE resume SET files = \'[[1, "x"]\'').run();
    raw.close();
    expect(lib.loadResume(hash(1))).toBeUndefined();
  });
});

describe('settings', () => {
  it('stores JSON values, deletes undefined ones, and keeps them across a reopen', () => {
    const lib = openLibrary();
    expect(lib.getSettings()).toEqual({});
    lib.setSettings({ downloadDir: '/d', trackers: ['wss://t'], downloadLimit: null, nested: { a: [1, 'b'] } });
    lib.setSettings({ trackers: undefined, maxConnections: 50 });
    lib.close();
    expect(openLibrary().getSettings()).toEqual({
      downloadDir: '/d',
      downloadLimit: null,
      nested: { a: [1, 'b'] },
      maxConnections: 50,
    });
  });

  it('refuses values without a JSON form, all or nothing', () => {
    const lib = openLibrary();
    expectLibraryError(() => lib.setSettings({ a: 1, big: 10n }), 'bad-settings', /setting big/);
    expectLibraryError(() => lib.setSettings({ a: 1, f: () => 1 }), 'bad-settings', /setting f has no JSON form/);
    expect(lib.getSettings()).toEqual({});
  });
});

describe('opening', () => {
  it('creates the data folder and a WAL file; close is safe twice; use after close is "closed"', () => {
    dir = path.join(dir, 'deeper', 'data');
    const lib = openLibrary();
    expect(filesIn(dir)).toContain('library.sqlite');
    const raw = new Sqlite(lib.file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    lib.close();
    lib.close();
    expectLibraryError(() => lib.list(), 'closed', /is closed/);
  });

  it.each([
    ['random bytes', (file: string) => writeFileSync(file, randomBytes(64 * 1024))],
    ['text', (file: string) => writeFileSync(file, 'my notes\n'.repeat(1000))],
    [
      'a truncated library',
      (file: string) => {
        const lib = Library.open(path.dirname(file));
        for (let i = 1; i <= 60; i++) lib.add(entry(i));
        lib.close();
        truncateSync(file, Math.floor(readFileSync(file).length * 0.6));
      },
    ],
    [
      'another program’s database',
      (file: string) => {
        const db = new Sqlite(file);
        db.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
        db.close();
      },
    ],
  ])('refuses %s as "corrupt", naming the file and what to do, and leaves its bytes alone', (_what, make) => {
    const file = path.join(dir, 'library.sqlite');
    make(file);
    const before = readFileSync(file);
    const error = expectLibraryError(() => openLibrary(), 'corrupt');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/left exactly as it is: restore it from a backup, or move it away/);
    expect(readFileSync(file)).toEqual(before);
    expect(filesIn(dir)).toEqual(['library.sqlite']);
  });

  it('refuses a library from a newer Shoal as "too-new" and changes nothing', () => {
    openLibrary().add(entry(1));
    library!.close();
    const raw = new Sqlite(path.join(dir, 'library.sqlite'));
    raw.pragma('user_version = 99');
    raw.close();
    expectLibraryError(() => openLibrary(), 'too-new', /schema version 99, but this Shoal knows only up to 1/);
    const check = new Sqlite(path.join(dir, 'library.sqlite'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });
});

/** Runs `node --input-type=module -e script`, bounded; resolves with its stdout once it exits 0. */
function runNode(script: string, onLine?: (line: string, child: ReturnType<typeof spawn>) => void) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      for (const line of d.split('\n').filter(Boolean)) onLine?.(line, child);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 || signal === 'SIGTERM') resolve(out);
      else reject(new Error(`child exited ${code ?? signal}: ${err}`));
    });
  });
}

describe('two processes', () => {
  it('share one library: each sees what the other wrote while both have it open (WAL)', async () => {
    if (!existsSync(BUILT_LIBRARY)) throw new Error(`${BUILT_LIBRARY} is missing: run "npm run build" first`);
    const lib = openLibrary();
    lib.add(entry(1));
    const script = `
      const { Library } = await import(${JSON.stringify(pathToFileURL(BUILT_LIBRARY).href)});
      const lib = Library.open(${JSON.stringify(dir)});
      const e = lib.get(${JSON.stringify(hash(1))});
      lib.add({ ...e, infoHash: ${JSON.stringify(hash(2))}, torrent: null });
      lib.setSettings({ from: 'child' });
      console.log(JSON.stringify(lib.list().map((x) => x.infoHash)));
      lib.close();`;
    const out = await runNode(script);
    expect(JSON.parse(out)).toEqual([hash(1), hash(2)]);
    expect(lib.list().map((e) => e.infoHash)).toEqual([hash(1), hash(2)]);
    expect(lib.getSettings()).toEqual({ from: 'child' });
    lib.update(hash(2), { state: 'paused' });
    expect(lib.get(hash(2))).toMatchObject({ state: 'paused', torrent: null });
  });

  it('report a lock held by another process past the busy timeout as "busy"', async () => {
    const lib = openLibrary({ busyTimeoutMs: 100 });
    lib.add(entry(1));
    const script = `
      import { createRequire } from 'node:module';
      const Sqlite = createRequire(${JSON.stringify(path.join(REPO, 'package.json'))})('better-sqlite3');
      const db = new Sqlite(${JSON.stringify(lib.file)});
      db.exec('BEGIN IMMEDIATE');
      console.log('locked');
      setTimeout(() => {}, 15000);`;
    let busy: unknown;
    await runNode(script, (line, child) => {
      if (line !== 'locked') return;
      try {
        lib.update(hash(1), { state: 'paused' });
      } catch (error) {
        busy = error;
      }
      child.kill('SIGTERM');
    });
    expect(busy).toBeInstanceOf(LibraryError);
    expect(busy).toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/library\.sqlite is locked.*another Shoal/),
    });
    lib.update(hash(1), { state: 'paused' });
    expect(lib.get(hash(1))?.state).toBe('paused');
  });
});
