import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HashWorkers } from '../../../core/engine/hashing/index.js';
import { PIECE, useStorageFixture } from './storage-fixture.js';

const fx = useStorageFixture();
const ONLY_A = [true, false, false];

function readAt(file: string, position: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, out, 0, length, position);
  } finally {
    closeSync(fd);
  }
  return out;
}

describe('Storage with a file selection', () => {
  it('creates only wanted files; shared bytes of the others go to the part file and are read back', async () => {
    const storage = await fx.open({ selection: ONLY_A });
    for (let p = 0; p < 5; p++) await storage.writePiece(p, fx.piece(p));
    const pack = path.join(fx.dl, 'pack');
    expect(readFileSync(path.join(pack, 'a.bin'))).toEqual(fx.content.subarray(0, 20000));
    expect(existsSync(path.join(pack, 'sub'))).toBe(false);
    const partFile = path.join(fx.dl, '.pack.parts');
    // Piece 1 holds a.bin's end and sub/b.bin's start: b's bytes sit at their torrent offsets.
    expect(readAt(partFile, 20000, PIECE * 2 - 20000)).toEqual(fx.content.subarray(20000, PIECE * 2));
    expect(readAt(partFile, 0, 100)).toEqual(Buffer.alloc(100));
    expect(Buffer.from(await storage.readBlock(1, 0, PIECE))).toEqual(fx.piece(1));
    expect(Buffer.from(await storage.readBlock(3, 1000, 5000))).toEqual(fx.piece(3).subarray(1000, 6000));
    for (let p = 0; p < 5; p++) expect(await storage.verifyPiece(p)).toBe(true);
  });

  it('moves a newly selected file’s bytes in from the part file, after which its pieces verify', async () => {
    const hashWorkers = new HashWorkers({ threads: 1 });
    try {
      const storage = await fx.open({ selection: ONLY_A, hashWorkers });
      await storage.writePiece(0, fx.piece(0));
      await storage.writePiece(1, fx.piece(1));
      await storage.setSelection([true, true, false]);
      const bBin = path.join(fx.dl, 'pack/sub/b.bin');
      // Only what the part file held (b's first PIECE*2 - 20000 bytes) could move.
      expect(readFileSync(bBin)).toEqual(fx.content.subarray(20000, PIECE * 2));
      expect(await storage.verifyPiece(1)).toBe(true);
      expect(await storage.verifyPiece(2)).toBe(false);
      await storage.writePiece(2, fx.piece(2));
      await storage.writePiece(3, fx.piece(3));
      expect(existsSync(path.join(fx.dl, 'pack/sub/deep'))).toBe(false);
      expect(await storage.verifyPiece(3)).toBe(true);
      expect(readFileSync(bBin)).toEqual(fx.content.subarray(20000, 50000));
    } finally {
      await hashWorkers.close();
    }
  });

  it('keeps the bytes of a deselected file that is already on disk in that file', async () => {
    const storage = await fx.open();
    for (let p = 0; p < 5; p++) await storage.writePiece(p, fx.piece(p));
    await storage.setSelection(ONLY_A);
    expect((await storage.recheck()).isFull()).toBe(true);
    await storage.writePiece(1, fx.piece(1));
    expect(existsSync(path.join(fx.dl, '.pack.parts'))).toBe(false);
    const reopened = await fx.open({ selection: ONLY_A });
    expect((await reopened.recheck()).isFull()).toBe(true);
  });

  it('rechecks bytes held in the part file, fully or only the pieces asked for', async () => {
    const first = await fx.open({ selection: ONLY_A });
    await first.writePiece(0, fx.piece(0));
    await first.writePiece(1, fx.piece(1));
    await first.close();
    const storage = await fx.open({ selection: ONLY_A });
    const have = await storage.recheck();
    expect([0, 1, 2, 3, 4].map((p) => have.get(p))).toEqual([true, true, false, false, false]);

    const progress: number[] = [];
    const good = await storage.recheckPieces([4, 1, 2, 1, 0], (p) => progress.push(p.piecesHashed));
    expect([...good].sort()).toEqual([0, 1]);
    expect(progress.sort()).toEqual([1, 2, 3, 4]);
    await expect(storage.recheckPieces([5])).rejects.toMatchObject({ code: 'bad-range' });
    await expect(storage.recheckPieces([0], undefined, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
    const controller = new AbortController();
    const stopped = storage.recheckPieces([0, 1, 2, 3, 4, 0], () => controller.abort(), controller.signal);
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('uses the part file path it is given, creating its folder only when needed', async () => {
    const partFilePath = path.join(fx.dir, 'state', 'abc.parts');
    const all = await fx.open({ partFilePath });
    for (let p = 0; p < 5; p++) await all.writePiece(p, fx.piece(p));
    expect(existsSync(path.dirname(partFilePath))).toBe(false);
    await all.deleteData();
    const some = await fx.open({ partFilePath, selection: [false, true, false] });
    await some.writePiece(1, fx.piece(1));
    expect(statSync(partFilePath).size).toBe(20000);
    expect(existsSync(path.join(fx.dl, 'pack/a.bin'))).toBe(false);
    expect(readFileSync(path.join(fx.dl, 'pack/sub/b.bin'))).toEqual(fx.content.subarray(20000, PIECE * 2));
  });

  it('refuses a selection that does not fit the torrent', async () => {
    await expect(fx.open({ selection: [true, false] })).rejects.toMatchObject({
      code: 'bad-selection',
      message: expect.stringContaining('3 true/false values'),
    });
    const storage = await fx.open();
    await expect(storage.setSelection([true, false, 'yes' as unknown as boolean])).rejects.toMatchObject({
      code: 'bad-selection',
    });
  });

  it('finds a file the user put in place before it was selected', async () => {
    mkdirSync(path.join(fx.dl, 'pack'), { recursive: true });
    writeFileSync(path.join(fx.dl, 'pack/a.bin'), fx.content.subarray(0, 20000));
    const storage = await fx.open({ selection: [false, true, true] });
    for (let p = 1; p < 5; p++) await storage.writePiece(p, fx.piece(p));
    expect((await storage.recheck()).isFull()).toBe(true);
    expect(existsSync(path.join(fx.dl, '.pack.parts'))).toBe(false);
  });
});
