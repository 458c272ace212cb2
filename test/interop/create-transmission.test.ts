import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tool } from '../helpers/shoal-cli.js';
import { shoalCreate, shoalInfo, transmissionShow, writeTree } from '../helpers/torrent-tools.js';
import { haveTool } from '../helpers/tools.js';

/**
 * Against transmission-create 3.00 (Debian). Its info dict differs from mktorrent's in two ways:
 * it writes `private: 0` for public torrents, and it sorts files case-insensitively and skips
 * hidden and zero-length files. So infohashes are compared for private torrents whose file names
 * sort the same either way; public torrents are compared field by field through `shoal info`.
 */
const ready = haveTool('transmission-create') && haveTool('transmission-show');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-transmission-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(ready)('shoal create and info against transmission-create', () => {
  it('gives the same infohash for a private single file', () => {
    const file = path.join(dir, 'movie.mkv');
    writeFileSync(file, randomBytes(777_777));
    const ours = shoalCreate(file, path.join(dir, 'movie-shoal.torrent'), [
      '-p',
      '-l',
      '32K',
      '-a',
      'http://127.0.0.1:1/announce',
    ]);
    const theirs = path.join(dir, 'movie-tr.torrent');
    tool('transmission-create', ['-p', '-s', '32', '-t', 'http://127.0.0.1:1/announce', '-o', theirs, file]);
    const info = shoalInfo(theirs);
    expect(info.infoHash).toBe(ours);
    expect(info).toMatchObject({
      name: 'movie.mkv',
      pieceLength: 32768,
      pieceCount: 24,
      length: 777_777,
      private: true,
      files: [{ path: 'movie.mkv', length: 777_777 }],
      announce: ['http://127.0.0.1:1/announce'],
    });
    expect(transmissionShow(theirs)).toMatchObject({ name: 'movie.mkv', hash: ours, pieceCount: 24, private: true });
  });

  it('gives the same infohash for a private folder with nested files', () => {
    const root = path.join(dir, 'album');
    const sizes: Record<string, number> = {
      'cd1/01.flac': 150_000,
      'cd1/02.flac': 99_999,
      'cd2/01.flac': 65_536,
      'cover.jpg': 30_001,
      'notes/readme.txt': 17,
    };
    writeTree(root, sizes);
    const ours = shoalCreate(root, path.join(dir, 'album-shoal.torrent'), [
      '-p',
      '-l',
      '64K',
      '-a',
      'http://127.0.0.1:1/announce',
      '-a',
      'udp://127.0.0.1:2',
    ]);
    const theirs = path.join(dir, 'album-tr.torrent');
    tool('transmission-create', [
      '-p',
      '-s',
      '64',
      '-t',
      'http://127.0.0.1:1/announce',
      '-t',
      'udp://127.0.0.1:2',
      '-o',
      theirs,
      root,
    ]);
    const info = shoalInfo(theirs);
    expect(info.infoHash).toBe(ours);
    expect(info.files).toEqual(Object.entries(sizes).map(([p, length]) => ({ path: p, length })));
    expect(info.announceTiers).toEqual([['http://127.0.0.1:1/announce'], ['udp://127.0.0.1:2']]);
    const shown = transmissionShow(theirs);
    expect(shown).toMatchObject({ name: 'album', hash: ours, pieceCount: info.pieceCount, private: true });
    expect(shown.files).toEqual(Object.keys(sizes).map((p) => `album/${p}`));
    expect(shown.tiers).toEqual(info.announceTiers);
  });

  it('reads a public transmission torrent (with private: 0) as transmission-show does', () => {
    const root = path.join(dir, 'public');
    const sizes: Record<string, number> = { 'a.bin': 1_000_000, 'b/c.bin': 500_000 };
    writeTree(root, sizes);
    const theirs = path.join(dir, 'public-tr.torrent');
    tool('transmission-create', ['-c', 'a comment', '-t', 'http://127.0.0.1:1/announce', '-o', theirs, root]);
    const info = shoalInfo(theirs);
    const shown = transmissionShow(theirs);
    expect(info.infoHash).toBe(shown.hash);
    expect(info.name).toBe('public');
    expect(info.pieceCount).toBe(shown.pieceCount);
    expect(info.private).toBe(false);
    expect(info.comment).toBe('a comment');
    expect(info.length).toBe(1_500_000);
    expect(info.files).toEqual(Object.entries(sizes).map(([p, length]) => ({ path: p, length })));
    expect(info.files.map((f) => `public/${f.path}`)).toEqual(shown.files);
    const ours = shoalCreate(root, path.join(dir, 'public-shoal.torrent'), ['-l', String(info.pieceLength)]);
    expect(ours).not.toBe(info.infoHash);
  });
});
