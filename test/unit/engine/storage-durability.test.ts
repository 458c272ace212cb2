import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../../core/engine/storage/read-cache.js';
import { PIECE, useStorageFixture } from './storage-fixture.js';

const fx = useStorageFixture();
const isRoot = process.getuid?.() === 0;

/** Lists every entry below `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('Storage.flush', () => {
  it('syncs exactly the files written since the last flush', async () => {
    // One open file at a time, so that flush must reopen what it syncs.
    const storage = await fx.open({ maxOpenFiles: 1, selection: [true, true, false] });
    await storage.flush();
    await storage.writePiece(0, fx.piece(0));
    await storage.writePiece(2, fx.piece(2));
    const aBin = path.join(fx.dl, 'pack/a.bin');
    unlinkSync(aBin);
    await expect(storage.flush()).rejects.toMatchObject({
      code: 'missing-data',
      message: expect.stringContaining(aBin),
    });
    // What failed to sync is still owed.
    await expect(storage.flush()).rejects.toMatchObject({ code: 'missing-data' });
    await storage.writePiece(0, fx.piece(0));
    await storage.flush();
    unlinkSync(aBin);
    await storage.flush();
  });
});

describe('Storage.fileStats', () => {
  it('gives the size and mtime of each file on disk, null for missing ones', async () => {
    const storage = await fx.open({ selection: [true, false, false] });
    expect(await storage.fileStats()).toEqual([null, null, null]);
    await storage.writePiece(0, fx.piece(0));
    await storage.writePiece(1, fx.piece(1));
    const aBin = path.join(fx.dl, 'pack/a.bin');
    expect(await storage.fileStats()).toEqual([{ size: 20000, mtimeMs: statSync(aBin).mtimeMs }, null, null]);
    rmSync(aBin);
    symlinkSync(path.join(fx.dir, 'src/pack/a.bin'), aBin);
    expect(await storage.fileStats()).toEqual([null, null, null]);
  });
});

describe('Storage.deleteData', () => {
  it('leaves the download folder as it was, keeping foreign files and their folders', async () => {
    writeFileSync(path.join(fx.dl, 'other.txt'), 'mine');
    const before = tree(fx.dl);
    const storage = await fx.open({ selection: [true, true, false] });
    for (let p = 0; p < 5; p++) await storage.writePiece(p, fx.piece(p));
    await storage.complete();
    expect(tree(fx.dl)).toContain('.pack.parts');
    await storage.deleteData();
    await storage.deleteData();
    expect(tree(fx.dl)).toEqual(before);

    await storage.writePiece(1, fx.piece(1));
    writeFileSync(path.join(fx.dl, 'pack/sub/notes.txt'), 'keep me');
    await storage.deleteData();
    expect(tree(fx.dl)).toEqual([...before, 'pack', 'pack/sub', 'pack/sub/notes.txt'].sort());
  });

  it('deletes nothing through a folder that links out of the download folder', async () => {
    const outside = path.join(fx.dir, 'outside');
    mkdirSync(path.join(outside, 'deep'), { recursive: true });
    writeFileSync(path.join(outside, 'b.bin'), 'not yours');
    mkdirSync(path.join(fx.dl, 'pack'));
    symlinkSync(outside, path.join(fx.dl, 'pack/sub'));
    const storage = await fx.open();
    await storage.writePiece(0, fx.piece(0));
    await storage.deleteData();
    expect(tree(outside)).toEqual(['b.bin', 'deep']);
    expect(readdirSync(path.join(fx.dl, 'pack'))).toEqual(['sub']);
  });
});

describe('Storage write errors', () => {
  it('names the path when a file stands where a folder should be', async () => {
    writeFileSync(path.join(fx.dl, 'pack'), 'a file');
    const storage = await fx.open();
    await expect(storage.writePiece(0, fx.piece(0))).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining(path.join(fx.dl, 'pack')),
    });
    await expect(storage.writePiece(2, fx.piece(2))).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining(path.join(fx.dl, 'pack', 'sub')),
    });
  });

  it("reports 'not-writable' with the path for a folder it may not write to", async (ctx) => {
    const folder = path.join(fx.dl, 'pack');
    mkdirSync(folder);
    // Root ignores permission bits, not the immutable attribute.
    const lock = isRoot ? tryRun('chattr', ['+i', folder]) : (chmodSync(folder, 0o500), true);
    if (!lock) ctx.skip('chattr +i is not supported here');
    try {
      const storage = await fx.open();
      await expect(storage.writePiece(0, fx.piece(0))).rejects.toMatchObject({
        code: 'not-writable',
        message: expect.stringContaining(path.join(folder, 'a.bin')),
      });
      await expect(storage.writePiece(2, fx.piece(2))).rejects.toMatchObject({
        code: 'not-writable',
        message: expect.stringContaining(path.join(folder, 'sub')),
      });
    } finally {
      if (isRoot) tryRun('chattr', ['-i', folder]);
      else chmodSync(folder, 0o700);
    }
  });

  it.runIf(isRoot)("reports 'no-space' with the path when the disk is full", async () => {
    // A /dev/full device node where the file goes: every write to it fails with ENOSPC.
    mkdirSync(path.join(fx.dl, 'pack'));
    const aBin = path.join(fx.dl, 'pack/a.bin');
    execFileSync('mknod', [aBin, 'c', '1', '7']);
    const storage = await fx.open();
    await expect(storage.writePiece(0, fx.piece(0))).rejects.toMatchObject({
      code: 'no-space',
      message: expect.stringContaining(aBin),
    });
  });
});

describe('Storage read cache', () => {
  it('serves recently read pieces from memory until they are written again', async () => {
    const storage = await fx.open();
    const uncached = await fx.open({ readCacheBytes: 0 });
    await storage.writePiece(0, fx.piece(0));
    const first = await storage.readBlock(0, 0, 1000);
    first.fill(0);
    const aBin = path.join(fx.dl, 'pack/a.bin');
    writeFileSync(aBin, Buffer.alloc(20000, 9));
    expect(Buffer.from(await storage.readBlock(0, 500, 1000))).toEqual(fx.piece(0).subarray(500, 1500));
    expect(Buffer.from(await uncached.readBlock(0, 0, 10))).toEqual(Buffer.alloc(10, 9));
    await storage.writePiece(0, fx.piece(0));
    writeFileSync(aBin, Buffer.alloc(20000, 7));
    expect(Buffer.from(await storage.readBlock(0, 0, 10))).toEqual(Buffer.alloc(10, 7));
    expect(readFileSync(aBin)).toHaveLength(20000);
  });

  it('drops the least recently used pieces first and keeps blocks of pieces too big to keep whole', () => {
    const cache = new ReadCache(8 * PIECE);
    expect(cache.keepsWholePieces(PIECE)).toBe(true);
    expect(cache.keepsWholePieces(PIECE + 1)).toBe(false);
    for (let p = 0; p < 8; p++) cache.putPiece(p, new Uint8Array(PIECE).fill(p));
    expect(cache.get(0, 0, 4)).toEqual(new Uint8Array(4).fill(0));
    cache.putPiece(8, new Uint8Array(PIECE).fill(8));
    expect(cache.get(1, 0, 4)).toBeUndefined();
    expect(cache.get(0, 100, 2)).toEqual(new Uint8Array(2));
    cache.putBlock(9, PIECE, new Uint8Array(100).fill(9));
    expect(cache.get(9, PIECE, 100)).toEqual(new Uint8Array(100).fill(9));
    expect(cache.get(9, PIECE, 99)).toBeUndefined();
    expect(cache.get(2, 0, 1)).toBeUndefined();
    cache.drop(9);
    expect(cache.get(9, PIECE, 100)).toBeUndefined();
  });
});

function tryRun(program: string, args: string[]): boolean {
  try {
    execFileSync(program, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
