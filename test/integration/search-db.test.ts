import Sqlite from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSearchDatabase } from '../../search-server/db/database.js';
import { BlockedError, DuplicateError, SearchDbError } from '../../search-server/db/errors.js';
import { FIRST_RETRY_MS, MAX_RETRY_MS, SCRAPE_INTERVAL_MS } from '../../search-server/db/scrape-book.js';
import { SqliteTorrentRepository } from '../../search-server/db/repository.js';
import { MIGRATIONS, migrate } from '../../search-server/db/schema.js';
import { SqliteSearchService } from '../../search-server/db/search.js';
import { entry, infoHashFor, tempDb, type TempDb } from './search-db-entries.js';

let t: TempDb;
beforeEach(() => {
  t = tempDb();
});
afterEach(() => t.cleanup());

function rowCounts(file: string): Record<string, number> {
  const raw = new Sqlite(file, { readonly: true });
  const count = (table: string) => (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const counts = {
    torrents: count('torrents'),
    details: count('torrent_details'),
    blobs: count('torrent_blobs'),
    index: (
      raw.prepare("SELECT count(*) AS n FROM torrents_fts WHERE torrents_fts MATCH 'show OR album OR e'").get() as {
        n: number;
      }
    ).n,
  };
  raw.close();
  return counts;
}

describe('opening and migrations', () => {
  it('creates the schema from an empty file, in WAL mode with foreign keys on', () => {
    expect(t.db.schemaVersion).toBe(MIGRATIONS.length);
    const raw = new Sqlite(t.file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((r) => r.name)).toEqual(
      expect.arrayContaining(['torrents', 'api_tokens', 'blocklist', 'torrents_fts']),
    );
    raw.close();
  });

  it('re-opens an existing file without losing data and without re-running migrations', () => {
    const { id } = t.db.torrents.insert(entry('Reopen.Me.S01E01'));
    t.db.close();
    const again = openSearchDatabase(t.file);
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    expect(again.torrents.getById(id)?.title).toBe('Reopen.Me.S01E01');
    expect(again.searcher.search({ text: 'reopen' }).items.map((i) => i.id)).toEqual([id]);
    again.close();
  });

  it('refuses a database written by a newer Shoal, naming both versions', () => {
    t.db.close();
    const raw = new Sqlite(t.file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 3}`);
    raw.close();
    expect(() => openSearchDatabase(t.file)).toThrow(
      expect.objectContaining({
        code: 'schema-too-new',
        message: expect.stringMatching(new RegExp(`version ${MIGRATIONS.length + 3}.*up to ${MIGRATIONS.length}`)),
      }),
    );
  });

  it('upgrades a version 1 file: the index is rebuilt (four-character prefixes), hidden torrents stay out', () => {
    const file = join(dirname(t.file), 'v1.db');
    const raw = new Sqlite(file);
    migrate(raw, MIGRATIONS.slice(0, 1));
    const v1 = new SqliteTorrentRepository(raw, new SqliteSearchService(raw));
    const files = [{ path: ['Extras', 'Behindscenes.mkv'], length: 5 }];
    const { id: kept } = v1.insert(entry('Lintaro Journey', { files }));
    const { id: hidden } = v1.insert(entry('Lintaro Hidden'));
    v1.hide(hidden);
    raw.close();

    const db = openSearchDatabase(file);
    const ids = (text: string) => db.searcher.search({ text }).items.map((i) => i.id);
    expect(db.schemaVersion).toBe(MIGRATIONS.length);
    expect(ids('lint*')).toEqual([kept]);
    expect(ids('behindscenes')).toEqual([kept]);
    expect(db.torrents.stats()).toMatchObject({ torrents: 2, hidden: 1 });
    db.torrents.unhide(hidden);
    expect(ids('lintaro').sort()).toEqual([kept, hidden].sort());
    db.close();
    const check = new Sqlite(file, { readonly: true });
    const fts = check.prepare("SELECT sql FROM sqlite_schema WHERE name = 'torrents_fts'").get() as { sql: string };
    check.close();
    expect(fts.sql).toContain("prefix = '3 4'");
  });

  it('refuses a file that is not a database with a clear message', () => {
    t.db.close();
    writeFileSync(t.file, 'this is not sqlite at all, just some text padding it out '.repeat(100));
    for (const suffix of ['-wal', '-shm']) writeFileSync(t.file + suffix, '');
    expect(() => openSearchDatabase(t.file)).toThrow(/is not a Shoal search database/);
  });

  it('close() is safe to call twice', () => {
    t.db.close();
    expect(() => t.db.close()).not.toThrow();
  });
});

describe('insert and read back', () => {
  it('stores row, details, file list and the exact bytes, and finds it by id and infohash', () => {
    const bytes = Buffer.from([0, 1, 2, 255, 100, 101]);
    const input = entry('Some.Show.S02E05.1080p.WEB-DL.x264-GROUP', {
      title: 'Some Show S02E05',
      description: 'An episode',
      tags: ['hd', 'web'],
      torrentBytes: bytes,
      infoHash: infoHashFor('x').toUpperCase(),
    });
    const { id } = t.db.torrents.insert(input);
    const detail = t.db.torrents.getById(id)!;
    expect(detail).toMatchObject({
      id,
      infoHash: infoHashFor('x'),
      name: input.name,
      title: 'Some Show S02E05',
      description: 'An episode',
      category: 5000,
      size: 1024,
      fileCount: 2,
      trackers: input.trackers,
      tags: ['hd', 'web'],
      files: input.files,
      hidden: false,
      seeders: 0,
      scrapedAt: null,
    });
    expect(t.db.torrents.getByInfoHash(infoHashFor('x'))?.id).toBe(id);
    expect(Buffer.from(t.db.torrents.getTorrentBytes(id)!)).toEqual(bytes);
    expect(t.db.torrents.getById(id + 100)).toBeUndefined();
    expect(t.db.torrents.getTorrentBytes(id + 100)).toBeUndefined();
  });

  it('uses the name as title when none is given', () => {
    const { id } = t.db.torrents.insert(entry('Ubuntu 22.04 desktop amd64', { title: '  ' }));
    expect(t.db.torrents.getById(id)?.title).toBe('Ubuntu 22.04 desktop amd64');
  });

  it('refuses the same infohash twice with a DuplicateError pointing at the first entry; nothing is added', () => {
    const { id } = t.db.torrents.insert(entry('First.Upload'));
    const before = rowCounts(t.file);
    let error: unknown;
    try {
      t.db.torrents.insert(entry('Second.Upload', { infoHash: infoHashFor('First.Upload') }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ code: 'duplicate', existingId: id });
    expect(rowCounts(t.file)).toEqual(before);
  });

  it('insertMany is all or nothing', () => {
    t.db.torrents.insert(entry('Already.There'));
    const before = rowCounts(t.file);
    expect(() => t.db.torrents.insertMany([entry('New.One'), entry('Already.There'), entry('New.Two')])).toThrow(
      DuplicateError,
    );
    expect(rowCounts(t.file)).toEqual(before);
    const { ids } = t.db.torrents.insertMany([entry('New.One'), entry('New.Two')]);
    expect(ids).toHaveLength(2);
    expect(rowCounts(t.file).torrents).toBe((before.torrents ?? 0) + 2);
  });

  it('rolls back every table when a late write fails (the blob insert, after row and details)', () => {
    const raw = new Sqlite(t.file);
    raw.exec(
      "CREATE TRIGGER simulated_failure BEFORE INSERT ON torrent_blobs WHEN new.bytes = x'deadbeef' " +
        "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END",
    );
    raw.close();
    t.db.torrents.insert(entry('Kept.Before'));
    const before = rowCounts(t.file);
    const failing = entry('Half.Written', { torrentBytes: Buffer.from('deadbeef', 'hex') });
    expect(() => t.db.torrents.insert(failing)).toThrow(/simulated disk failure/);
    expect(rowCounts(t.file)).toEqual(before);
    expect(t.db.torrents.getByInfoHash(failing.infoHash)).toBeUndefined();
    expect(t.db.searcher.search({ text: 'half written' }).items).toEqual([]);
    expect(t.db.torrents.stats().torrents).toBe(1);
  });

  it('refuses an unknown uploader token id and stores nothing', () => {
    expect(() => t.db.torrents.insert(entry('Orphan.Upload', { uploaderTokenId: 999 }))).toThrow(
      expect.objectContaining({ code: 'bad-entry', message: 'uploaderTokenId 999 is not a known token' }),
    );
    expect(rowCounts(t.file).torrents).toBe(0);
  });

  it.each([
    ['bad infohash', { infoHash: 'xyz' }, /infoHash must be 40 hexadecimal/],
    ['unknown category', { category: 1234 }, /category 1234 is not a known/],
    ['empty name', { name: ' ' }, /name must not be empty/],
    ['lone surrogate', { name: 'bad\uD800name' }, /name is not valid Unicode/],
    ['NUL in title', { title: 'a\0b' }, /title contains a NUL/],
    ['negative size', { size: -1 }, /size must be a whole number/],
    ['size mismatch', { size: 5 }, /size is 5 but the files add up to 1024/],
    ['no files', { files: [] }, /files must be a non-empty list/],
    ['empty path element', { files: [{ path: [''], length: 1024 }] }, /files\[0\]\.path\[0\] must not be empty/],
    ['tracker not text', { trackers: [42 as unknown as string] }, /trackers\[0\] must be text/],
    ['no bytes', { torrentBytes: new Uint8Array() }, /torrentBytes must be non-empty/],
    ['huge title', { title: 'x'.repeat(600) }, /title is 600 characters long/],
  ])('refuses a bad entry (%s) with a typed error and stores nothing', (_label, override, message) => {
    expect(() => t.db.torrents.insert(entry('Valid.Base', override))).toThrow(
      expect.objectContaining({ code: 'bad-entry', message: expect.stringMatching(message) }),
    );
    expect(rowCounts(t.file).torrents).toBe(0);
  });
});

describe('moderation', () => {
  it('hide removes a torrent from search and listings, unhide brings it back; both report unknown ids', () => {
    const { id } = t.db.torrents.insert(entry('Hidden.Gem.2019'));
    t.db.torrents.insert(entry('Visible.Gem.2019'));
    expect(t.db.torrents.hide(id)).toBe(true);
    expect(t.db.torrents.hide(id)).toBe(true);
    expect(t.db.searcher.search({ text: 'gem' }).items.map((i) => i.title)).toEqual(['Visible.Gem.2019']);
    expect(t.db.torrents.newest({}).items.map((i) => i.title)).toEqual(['Visible.Gem.2019']);
    expect(t.db.torrents.getById(id)?.hidden).toBe(true);
    expect(t.db.torrents.stats()).toMatchObject({ torrents: 2, visible: 1, hidden: 1 });
    expect(t.db.torrents.unhide(id)).toBe(true);
    expect(t.db.searcher.search({ text: 'hidden gem' }).items.map((i) => i.id)).toEqual([id]);
    expect(t.db.torrents.hide(9999)).toBe(false);
    expect(t.db.torrents.unhide(9999)).toBe(false);
  });

  it('delete removes row, details, bytes and index entry (also for a hidden torrent)', () => {
    const a = t.db.torrents.insert(entry('Delete.Me.Show')).id;
    const b = t.db.torrents.insert(entry('Delete.Me.Album')).id;
    t.db.torrents.hide(b);
    expect(t.db.torrents.delete(a)).toBe(true);
    expect(t.db.torrents.delete(b)).toBe(true);
    expect(t.db.torrents.delete(a)).toBe(false);
    expect(rowCounts(t.file)).toEqual({ torrents: 0, details: 0, blobs: 0, index: 0 });
    expect(t.db.searcher.search({ text: 'delete' }).total).toBe(0);
    expect(t.db.torrents.stats()).toMatchObject({ torrents: 0, visible: 0, hidden: 0, totalSize: 0 });
    t.db.torrents.insert(entry('Delete.Me.Show'));
  });

  it('a blocklisted infohash is refused with a BlockedError; removing it allows publishing again', () => {
    const hash = infoHashFor('Blocked.Thing');
    t.db.blocklist.add(hash.toUpperCase(), 'DMCA notice 42');
    expect(t.db.blocklist.has(hash)).toBe(true);
    expect(() => t.db.torrents.insert(entry('Blocked.Thing'))).toThrow(BlockedError);
    expect(() => t.db.torrents.insert(entry('Blocked.Thing'))).toThrow(/blocked: DMCA notice 42/);
    expect(t.db.blocklist.list()).toEqual([
      { infoHash: hash, reason: 'DMCA notice 42', createdAt: expect.any(Number) },
    ]);
    t.db.blocklist.add(hash, 'updated reason');
    expect(t.db.blocklist.list()[0]?.reason).toBe('updated reason');
    expect(t.db.torrents.stats().blocked).toBe(1);
    expect(t.db.blocklist.remove(hash)).toBe(true);
    expect(t.db.blocklist.remove(hash)).toBe(false);
    expect(t.db.torrents.insert(entry('Blocked.Thing')).id).toBeGreaterThan(0);
    expect(() => t.db.blocklist.has('nope')).toThrow(SearchDbError);
  });

  it('stats keeps totals as torrents come and go', () => {
    t.db.torrents.insert(entry('One', { files: [{ path: ['a'], length: 10 }] }));
    const two = t.db.torrents.insert(entry('Two', { files: [{ path: ['b'], length: 32 }] })).id;
    expect(t.db.torrents.stats()).toEqual({ torrents: 2, visible: 2, hidden: 0, totalSize: 42, blocked: 0 });
    t.db.torrents.delete(two);
    expect(t.db.torrents.stats()).toEqual({ torrents: 1, visible: 1, hidden: 0, totalSize: 10, blocked: 0 });
  });
});

describe('tokens', () => {
  it('create shows the token once, stores only its hash, verifies it, and revocation ends it', () => {
    const { id, token } = t.db.tokens.createToken('ci-bot', 'publisher');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const raw = new Sqlite(t.file, { readonly: true });
    const stored = JSON.stringify(raw.prepare('SELECT * FROM api_tokens').all());
    raw.close();
    expect(stored).not.toContain(token);
    expect(t.db.tokens.verifyToken(token)).toEqual({ id, name: 'ci-bot', role: 'publisher' });
    expect(t.db.tokens.verifyToken(token + 'x')).toBeNull();
    expect(t.db.tokens.verifyToken('')).toBeNull();
    t.db.tokens.revokeToken('ci-bot');
    expect(t.db.tokens.verifyToken(token)).toBeNull();
    expect(() => t.db.tokens.revokeToken(id)).not.toThrow();
    expect(t.db.tokens.listTokens()).toEqual([
      { id, name: 'ci-bot', role: 'publisher', createdAt: expect.any(Number), revokedAt: expect.any(Number) },
    ]);
  });

  it('names are unique among active tokens; a revoked name can be reused; bad input is refused', () => {
    const first = t.db.tokens.createToken('admin', 'admin');
    expect(() => t.db.tokens.createToken('admin', 'publisher')).toThrow(/already exists/);
    t.db.tokens.revokeToken(first.id);
    const second = t.db.tokens.createToken('admin', 'admin');
    expect(t.db.tokens.verifyToken(second.token)?.role).toBe('admin');
    expect(() => t.db.tokens.revokeToken('nobody')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => t.db.tokens.revokeToken(404)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => t.db.tokens.createToken('', 'admin')).toThrow(expect.objectContaining({ code: 'bad-entry' }));
    expect(() => t.db.tokens.createToken('x', 'root' as 'admin')).toThrow(/role must be one of/);
  });

  it('records the uploader token id on a torrent', () => {
    const { id: tokenId } = t.db.tokens.createToken('uploader', 'publisher');
    const { id } = t.db.torrents.insert(entry('By.Token', { uploaderTokenId: tokenId }));
    expect(t.db.torrents.getById(id)?.uploaderTokenId).toBe(tokenId);
  });
});

describe('scrape bookkeeping', () => {
  it('lists due torrents, records counts, and backs off exponentially on failures', () => {
    const now = 1_700_000_000_000;
    const a = t.db.torrents.insert(entry('Scrape.A', { createdAt: now - 10 })).id;
    const b = t.db.torrents.insert(entry('Scrape.B', { createdAt: now - 5 })).id;
    t.db.torrents.insert(entry('Scrape.Later', { createdAt: now + 1000 }));
    expect(t.db.torrents.dueForScrape(now, 10).map((d) => d.id)).toEqual([a, b]);
    expect(t.db.torrents.dueForScrape(now, 1)[0]).toEqual({
      id: a,
      infoHash: infoHashFor('Scrape.A'),
      trackers: ['udp://tracker.example:1337/announce'],
      scrapeFailures: 0,
    });
    t.db.torrents.recordScrape(a, { seeders: 7, leechers: 3, completed: 99 }, now);
    expect(t.db.torrents.getById(a)).toMatchObject({ seeders: 7, leechers: 3, completed: 99, scrapedAt: now });
    expect(() => t.db.torrents.recordScrape(a, { seeders: -1, leechers: 0, completed: 0 }, now)).toThrow(
      /seeders must be a whole number/,
    );
    expect(t.db.torrents.dueForScrape(now + SCRAPE_INTERVAL_MS - 1, 10).map((d) => d.id)).not.toContain(a);
    expect(t.db.torrents.dueForScrape(now + SCRAPE_INTERVAL_MS, 10).map((d) => d.id)).toContain(a);

    const waits: number[] = [];
    let clock = now;
    for (let i = 0; i < 12; i += 1) {
      t.db.torrents.recordScrapeFailure(b, clock);
      const due = [1, 2, 4, 8].map((k) => clock + k * FIRST_RETRY_MS);
      const next = [...due, clock + MAX_RETRY_MS].find((when) =>
        t.db.torrents.dueForScrape(when, 10).some((d) => d.id === b),
      )!;
      waits.push(next - clock);
      clock = next;
    }
    expect(waits.slice(0, 4)).toEqual([1, 2, 4, 8].map((k) => k * FIRST_RETRY_MS));
    expect(waits.at(-1)).toBe(MAX_RETRY_MS);
    expect(t.db.torrents.dueForScrape(clock, 10).find((d) => d.id === b)?.scrapeFailures).toBe(12);
    t.db.torrents.hide(a);
    expect(t.db.torrents.dueForScrape(now + 10 * MAX_RETRY_MS, 10).map((d) => d.id)).not.toContain(a);
  });
});
