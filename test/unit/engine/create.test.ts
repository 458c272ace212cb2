import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTorrent } from '../../../core/engine/create/create-torrent.js';
import { hashPieces } from '../../../core/engine/hashing/index.js';
import { autoPieceLength, parsePieceLength } from '../../../core/engine/create/piece-length.js';
import { walkSource } from '../../../core/engine/create/walk.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-create-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(rel: string, content: string | Buffer): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** Bytes of deterministic pseudo-random content. */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

describe('autoPieceLength', () => {
  it.each([
    [0, 16384],
    [1, 16384],
    [2000 * 16384, 16384],
    [2000 * 16384 + 1, 32768],
    [350 * 1024 ** 2, 256 * 1024],
    [1024 ** 3, 1024 ** 2],
    [4 * 1024 ** 3, 4 * 1024 ** 2],
    [32 * 1024 ** 3, 16 * 1024 ** 2],
    [100 * 1024 ** 3, 16 * 1024 ** 2],
  ])('%d bytes → %d', (total, expected) => {
    expect(autoPieceLength(total)).toBe(expected);
  });

  it('lands between 1,000 and 2,000 pieces for mid-sized torrents', () => {
    for (let total = 40e6; total < 30e9; total *= 1.37) {
      const count = Math.ceil(total / autoPieceLength(total));
      expect(count).toBeGreaterThan(1000);
      expect(count).toBeLessThanOrEqual(2000);
    }
  });
});

describe('parsePieceLength', () => {
  it('reads bytes and binary suffixes', () => {
    expect(parsePieceLength('262144')).toBe(262144);
    expect(parsePieceLength('256K')).toBe(262144);
    expect(parsePieceLength('1M')).toBe(1048576);
    expect(parsePieceLength('4MiB')).toBe(4194304);
    expect(parsePieceLength('16k')).toBe(16384);
  });
  it.each(['abc', '1.5M', '300000', '8K', '128M', '-1', ''])('refuses %j', (text) => {
    expect(() => parsePieceLength(text)).toThrow(/piece length/);
  });
});

describe('walkSource', () => {
  it('orders files bytewise by full path, as mktorrent does', async () => {
    for (const rel of ['b', 'a/z', 'a-c', 'B', 'a/b/c', 'é']) put(path.join('root', rel), 'x');
    const walked = await walkSource(path.join(dir, 'root'));
    expect(walked.name).toBe('root');
    expect(walked.multiFile).toBe(true);
    expect(walked.files.map((f) => f.path.join('/'))).toEqual(['B', 'a-c', 'a/b/c', 'a/z', 'b', 'é']);
  });

  it('leaves out hidden files unless asked, and junk always', async () => {
    for (const rel of [
      'keep',
      '.hidden',
      '.git/config',
      'sub/.DS_Store',
      'sub/Thumbs.db',
      'sub/._keep',
      'sub/desktop.ini',
    ])
      put(path.join('root', rel), 'x');
    const plain = await walkSource(path.join(dir, 'root'));
    expect(plain.files.map((f) => f.path.join('/'))).toEqual(['keep']);
    const all = await walkSource(path.join(dir, 'root'), { includeHidden: true });
    expect(all.files.map((f) => f.path.join('/'))).toEqual(['.git/config', '.hidden', 'keep']);
  });

  it('follows symbolic links but refuses loops and dangling links', async () => {
    const target = put('outside.bin', 'abc');
    put('root/a', 'x');
    symlinkSync(target, path.join(dir, 'root/link'));
    const walked = await walkSource(path.join(dir, 'root'));
    expect(walked.files.map((f) => [f.path.join('/'), f.length])).toEqual([
      ['a', 1],
      ['link', 3],
    ]);
    symlinkSync(path.join(dir, 'root'), path.join(dir, 'root/loop'));
    await expect(walkSource(path.join(dir, 'root'))).rejects.toMatchObject({ code: 'link-loop' });
    rmSync(path.join(dir, 'root/loop'));
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'root/dangling'));
    expect(readlinkSync(path.join(dir, 'root/dangling'))).toContain('nowhere');
    await expect(walkSource(path.join(dir, 'root'))).rejects.toMatchObject({ code: 'broken-link' });
  });

  it('names empty folders and missing paths', async () => {
    mkdirSync(path.join(dir, 'empty/sub'), { recursive: true });
    put('empty/.hidden', 'x');
    await expect(walkSource(path.join(dir, 'empty'))).rejects.toMatchObject({
      code: 'no-files',
      message: expect.stringContaining('holds no files'),
    });
    await expect(walkSource(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('hashPieces', () => {
  it('hashes pieces that run across file boundaries and zero-length files', async () => {
    const parts = [bytes(40000, 1), bytes(0, 2), bytes(1, 3), bytes(70000, 4), bytes(5, 5)];
    const files = parts.map((p, i) => ({ path: put(`f${i}`, p), length: p.length }));
    const all = Buffer.concat(parts);
    const { digests, readable } = await hashPieces(files, 16384, { threads: 2 });
    const count = Math.ceil(all.length / 16384);
    expect(digests.length).toBe(count * 20);
    for (let i = 0; i < count; i++) {
      expect(Buffer.from(digests.subarray(i * 20, i * 20 + 20))).toEqual(
        sha1(all.subarray(i * 16384, (i + 1) * 16384)),
      );
    }
    expect([...readable]).toEqual(new Array(count).fill(1));
  });

  it('gives the same digests when the calling thread hashes too, alone or beside a worker', async () => {
    const content = bytes(300_000, 11);
    const files = [{ path: put('calling', content), length: content.length }];
    const onWorkers = await hashPieces(files, 16384, { threads: 2 });
    for (const threads of [1, 2]) {
      const progress: number[] = [];
      const result = await hashPieces(files, 16384, {
        threads,
        useCallingThread: true,
        onProgress: (p) => progress.push(p.piecesHashed),
      });
      expect(Buffer.from(result.digests)).toEqual(Buffer.from(onWorkers.digests));
      expect(progress.at(-1)).toBe(19);
    }
  });

  it('marks pieces of missing or short files unreadable when allowed, and fails otherwise', async () => {
    const a = put('a', bytes(20000, 1));
    const files = [
      { path: a, length: 20000 },
      { path: path.join(dir, 'missing'), length: 20000 },
      { path: put('short', bytes(100, 2)), length: 30000 },
    ];
    const { readable } = await hashPieces(files, 16384, { missingOk: true, threads: 1 });
    expect([...readable]).toEqual([1, 0, 0, 0, 0]);
    await expect(hashPieces(files, 16384)).rejects.toMatchObject({ code: 'unreadable' });
    await expect(hashPieces(files, 16384, { useCallingThread: true, threads: 1 })).rejects.toMatchObject({
      code: 'unreadable',
      message: expect.stringContaining('missing'),
    });
  });

  it.each([false, true])(
    'stops its threads and rejects with the abort reason when cancelled (calling thread: %s)',
    async (useCallingThread) => {
      const big = put('big', Buffer.alloc(64 * 1024 * 1024, 7));
      const controller = new AbortController();
      let progressed = 0;
      const run = hashPieces([{ path: big, length: 64 * 1024 * 1024 }], 16384, {
        threads: 2,
        useCallingThread,
        signal: controller.signal,
        onProgress: (p) => {
          progressed = p.piecesHashed;
          controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(progressed).toBeGreaterThan(0);
      expect(progressed).toBeLessThan(4096);
      const openFiles = readdirSync('/proc/self/fd').map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(openFiles).not.toContain(big);
    },
  );
});

describe('createTorrent', () => {
  it('creates a multi-file torrent whose pieces and fields read back', async () => {
    put('pack/one.bin', bytes(30000, 1));
    put('pack/sub/two.bin', bytes(50000, 2));
    const created = await createTorrent(path.join(dir, 'pack'), {
      announce: [['http://127.0.0.1:1/announce', 'udp://127.0.0.1:2'], ['wss://127.0.0.1:3']],
      webSeeds: ['http://127.0.0.1:4/'],
      private: true,
      comment: 'hello',
      source: 'SRC',
      creationDate: null,
    });
    const { info, announce, urlList, comment, createdBy, creationDate } = created.metainfo;
    expect(info.name).toBe('pack');
    expect(info.pieceLength).toBe(16384);
    expect(info.files.map((f) => [f.path.join('/'), f.length])).toEqual([
      ['one.bin', 30000],
      ['sub/two.bin', 50000],
    ]);
    expect(info.private).toBe(true);
    expect(info.source).toBe('SRC');
    expect(announce).toEqual([['http://127.0.0.1:1/announce', 'udp://127.0.0.1:2'], ['wss://127.0.0.1:3']]);
    expect(urlList).toEqual(['http://127.0.0.1:4/']);
    expect([comment, createdBy, creationDate]).toEqual(['hello', 'Shoal 0.1.0', undefined]);
    const all = Buffer.concat([bytes(30000, 1), bytes(50000, 2)]);
    expect(Buffer.from(info.pieces.subarray(20, 40))).toEqual(sha1(all.subarray(16384, 32768)));
  });

  it('refuses bad options and empty content with a clear error', async () => {
    put('zero/a', '');
    await expect(createTorrent(path.join(dir, 'zero'))).rejects.toMatchObject({ code: 'empty' });
    put('f', 'x');
    await expect(createTorrent(path.join(dir, 'f'), { announce: [['ftp://x']] })).rejects.toMatchObject({
      code: 'bad-option',
      message: expect.stringContaining('ftp://x'),
    });
    await expect(createTorrent(path.join(dir, 'f'), { pieceLength: 1000 })).rejects.toMatchObject({
      code: 'bad-piece-length',
    });
  });

  it('rejects with an abort error when cancelled before or during hashing', async () => {
    put('f', 'x');
    await expect(createTorrent(path.join(dir, 'f'), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    put('big/a', Buffer.alloc(48 * 1024 * 1024, 1));
    put('big/b', Buffer.alloc(16 * 1024 * 1024, 2));
    const controller = new AbortController();
    const pending = createTorrent(path.join(dir, 'big'), {
      pieceLength: 16384,
      threads: 2,
      signal: controller.signal,
      onProgress: (p) => p.piecesHashed < p.pieceCount && controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
