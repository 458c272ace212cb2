import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createTorrent } from '../../../core/engine/create/create-torrent.js';
import { Storage, type StorageOptions } from '../../../core/engine/storage/storage.js';
import type { InfoDict } from '../../../core/protocol/metainfo.js';

export const PIECE = 16384;

/**
 * Three files whose pieces straddle the boundaries: piece 0 is in a.bin, 1 = a.bin + sub/b.bin,
 * 2 = sub/b.bin, 3 = sub/b.bin + sub/deep/c.bin, 4 = sub/deep/c.bin.
 */
export const FILES: [string, number][] = [
  ['a.bin', 20000],
  ['sub/b.bin', 30000],
  ['sub/deep/c.bin', 25000],
];

export function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export interface Fixture {
  /** A fresh temp folder per test. */
  dir: string;
  /** An empty download folder inside it. */
  dl: string;
  info: InfoDict;
  /** All bytes of the torrent. */
  content: Buffer;
  open(options?: StorageOptions, root?: string): Promise<Storage>;
  piece(index: number): Buffer;
}

/** Sets up a temp folder, the torrent of FILES and the storages a test opens (all closed after it). */
export function useStorageFixture(): Fixture {
  let storages: Storage[] = [];
  const fixture = {} as Fixture;
  beforeEach(async () => {
    fixture.dir = mkdtempSync(path.join(tmpdir(), 'shoal-storage-'));
    fixture.dl = path.join(fixture.dir, 'dl');
    mkdirSync(fixture.dl);
    const src = path.join(fixture.dir, 'src', 'pack');
    FILES.forEach(([rel, size], i) => {
      mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      writeFileSync(path.join(src, rel), bytes(size, i + 1));
    });
    const created = await createTorrent(src, { pieceLength: PIECE, creationDate: null });
    fixture.info = created.metainfo.info;
    fixture.content = Buffer.concat(FILES.map(([, size], i) => bytes(size, i + 1)));
    fixture.open = async (options, root = fixture.dl) => {
      const storage = await Storage.open(fixture.info, root, options);
      storages.push(storage);
      return storage;
    };
    fixture.piece = (index) => fixture.content.subarray(index * PIECE, (index + 1) * PIECE);
  });
  afterEach(async () => {
    await Promise.all(storages.map((s) => s.close()));
    storages = [];
    rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
