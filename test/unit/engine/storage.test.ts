import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTorrent } from '../../../core/engine/create/create-torrent.js';
import { resolveInside } from '../../../core/engine/storage/paths.js';
import { Storage } from '../../../core/engine/storage/storage.js';
import type { InfoDict } from '../../../core/protocol/metainfo.js';

const PIECE = 16384;
let dir: string;
let storages: Storage[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-storage-'));
});
afterEach(async () => {
  await Promise.all(storages.map((s) => s.close()));
  storages = [];
  rmSync(dir, { recursive: true, force: true });
});

function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Files of a test torrent: sizes chosen so pieces straddle file boundaries, with a zero-length file. */
const FILES: [string, number][] = [
  ['a.bin', 10000],
  ['empty', 0],
  ['sub/b.bin', 30000],
  ['sub/c.bin', 3],
  ['z.bin', 25000],
];

async function makeTorrent(): Promise<{ info: InfoDict; content: Buffer }> {
  const src = path.join(dir, 'src', 'pack');
  FILES.forEach(([rel, size], i) => {
    mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    writeFileSync(path.join(src, rel), bytes(size, i + 1));
  });
  const created = await createTorrent(src, { pieceLength: PIECE, creationDate: null });
  return { info: created.metainfo.info, content: Buffer.concat(FILES.map(([, size], i) => bytes(size, i + 1))) };
}

async function openStorage(info: InfoDict, root: string): Promise<Storage> {
  mkdirSync(root, { recursive: true });
  const storage = await Storage.open(info, root);
  storages.push(storage);
  return storage;
}

describe('Storage', () => {
  it('writes pieces and reads blocks across file boundaries, creating files only when written', async () => {
    const { info, content } = await makeTorrent();
    const storage = await openStorage(info, path.join(dir, 'dl'));
    const pack = path.join(dir, 'dl', 'pack');
    await storage.writePiece(0, content.subarray(0, PIECE));
    expect(existsSync(path.join(pack, 'a.bin'))).toBe(true);
    expect(existsSync(path.join(pack, 'sub/b.bin'))).toBe(true);
    expect(existsSync(path.join(pack, 'z.bin'))).toBe(false);
    expect(existsSync(path.join(pack, 'empty'))).toBe(false);
    expect(await storage.verifyPiece(0)).toBe(true);
    expect(await storage.verifyPiece(3)).toBe(false);

    for (let p = 1; p < storage.geometry.pieceCount; p++) {
      const start = p * PIECE;
      const piece = content.subarray(start, start + storage.geometry.pieceSize(p));
      await storage.writePiece(p, piece);
    }
    const across = await storage.readBlock(0, 9990, 20);
    expect(Buffer.from(across)).toEqual(content.subarray(9990, 10010));
    await storage.complete();
    FILES.forEach(([rel, size], i) => expect(readFileSync(path.join(pack, rel))).toEqual(bytes(size, i + 1)));
    expect((await storage.recheck()).isFull()).toBe(true);
  });

  it('rechecks existing data into a bitfield; missing, short and corrupt files lose their pieces', async () => {
    const { info } = await makeTorrent();
    const data = path.join(dir, 'src');
    const storage = await openStorage(info, data);
    expect((await storage.recheck()).isFull()).toBe(true);

    const bBin = path.join(data, 'pack/sub/b.bin');
    const b = readFileSync(bBin);
    b[10000] = b[10000]! ^ 1; // byte 20000 of the torrent: piece 1
    writeFileSync(bBin, b);
    truncateSync(path.join(data, 'pack/z.bin'), 100); // bytes 40103.. missing: pieces 2 and 3
    const progress: number[] = [];
    const have = await storage.recheck((p) => progress.push(p.piecesHashed));
    expect([0, 1, 2, 3].map((i) => have.get(i))).toEqual([true, false, false, false]);
    expect(progress.at(-1)).toBe(4);
    expect(await storage.verifyPiece(1)).toBe(false);

    rmSync(path.join(data, 'pack/sub'), { recursive: true });
    expect((await storage.recheck()).count()).toBe(0);
    const fresh = await openStorage(info, data);
    await expect(fresh.readBlock(0, 0, 100)).resolves.toHaveLength(100);
    await expect(fresh.readBlock(1, 0, 100)).rejects.toMatchObject({ code: 'missing-data' });
  });

  it('refuses ranges outside the torrent and use after close', async () => {
    const { info } = await makeTorrent();
    const storage = await openStorage(info, path.join(dir, 'dl'));
    await expect(storage.readBlock(4, 0, 1)).rejects.toMatchObject({ code: 'bad-range' });
    await expect(storage.writePiece(3, Buffer.alloc(20000))).rejects.toMatchObject({ code: 'bad-range' });
    await expect(storage.writePiece(0, Buffer.alloc(PIECE - 1))).rejects.toMatchObject({ code: 'bad-range' });
    await storage.close();
    await storage.close();
    await expect(storage.readBlock(0, 0, 1)).rejects.toMatchObject({ code: 'closed' });
  });

  it('keeps every path inside the download folder, links included', async () => {
    expect(() => resolveInside('/dl', ['..', 'etc'])).toThrow(expect.objectContaining({ code: 'outside-root' }));
    expect(() => resolveInside('/dl', ['/etc/passwd'])).toThrow(expect.objectContaining({ code: 'outside-root' }));
    expect(() => resolveInside('/dl', ['.'])).toThrow(expect.objectContaining({ code: 'outside-root' }));
    expect(resolveInside('/dl', ['a', 'b'])).toBe('/dl/a/b');

    const { info, content } = await makeTorrent();
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    const root = path.join(dir, 'dl');
    mkdirSync(root);
    symlinkSync(outside, path.join(root, 'pack'));
    const storage = await openStorage(info, root);
    await expect(storage.writePiece(0, content.subarray(0, PIECE))).rejects.toMatchObject({ code: 'outside-root' });
    await expect(storage.recheck()).rejects.toMatchObject({ code: 'outside-root' });

    rmSync(path.join(root, 'pack'));
    mkdirSync(path.join(root, 'pack'));
    writeFileSync(path.join(outside, 'secret'), content.subarray(0, 10000));
    symlinkSync(path.join(outside, 'secret'), path.join(root, 'pack', 'a.bin'));
    await expect(storage.readBlock(0, 0, 10)).rejects.toMatchObject({ code: 'outside-root' });
    expect((await storage.recheck()).get(0)).toBe(false);
    expect(readFileSync(path.join(outside, 'secret'))).toEqual(content.subarray(0, 10000));
  });

  it('serves a single-file torrent from <root>/<name>', async () => {
    const src = path.join(dir, 'one.bin');
    writeFileSync(src, bytes(40000, 9));
    const { metainfo } = await createTorrent(src, { pieceLength: PIECE });
    const storage = await openStorage(metainfo.info, dir);
    expect(storage.filePath(0)).toBe(path.join(dir, 'one.bin'));
    expect((await storage.recheck()).isFull()).toBe(true);
  });
});
