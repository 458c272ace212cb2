import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tool } from '../helpers/shoal-cli.js';
import { shoalCreate, shoalInfo, transmissionShow, writeTree } from '../helpers/torrent-tools.js';
import { haveTool } from '../helpers/tools.js';

/**
 * Same files, piece length and options → same infohash as mktorrent (Debian), and `shoal info`
 * reads mktorrent's torrents as transmission-show does.
 */
const ready = haveTool('mktorrent') && haveTool('transmission-show');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-mktorrent-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(ready)('shoal create and info against mktorrent', () => {
  it('gives the same infohash for a single file', () => {
    const file = path.join(dir, 'single.bin');
    writeFileSync(file, randomBytes(1_000_003));
    const ours = shoalCreate(file, path.join(dir, 'single-shoal.torrent'), ['--piece-length', '32K']);
    const theirs = path.join(dir, 'single-mk.torrent');
    tool('mktorrent', ['-l', '15', '-d', '-o', theirs, file]);
    const info = shoalInfo(theirs);
    expect(info.infoHash).toBe(ours);
    expect(info).toMatchObject({
      name: 'single.bin',
      pieceLength: 32768,
      pieceCount: 31,
      length: 1_000_003,
      files: [{ path: 'single.bin', length: 1_000_003 }],
      announce: [],
      private: false,
    });
    const shown = transmissionShow(theirs);
    expect([shown.name, shown.hash, shown.pieceCount, shown.private]).toEqual(['single.bin', ours, 31, false]);
  });

  it('gives the same infohash for nested folders with trackers, web seeds, private, source and comment', () => {
    const root = path.join(dir, 'multi');
    const sizes = writeTree(root, {
      C: 70_000,
      'a-c': 1,
      'a/b/c.bin': 200_000,
      'a/z': 65_536,
      b: 12_345,
      'deep/x/y/z.bin': 300_001,
      'é.txt': 999,
      zero: 0,
    });
    const trackers = ['-a', 'http://127.0.0.1:6969/announce,udp://127.0.0.1:6969', '-a', 'wss://127.0.0.1:8000'];
    const extras = ['-w', 'http://127.0.0.1:8080/files/', '-p', '-s', 'SHOAL-TEST', '-c', 'made in a test'];
    const ours = shoalCreate(root, path.join(dir, 'multi-shoal.torrent'), ['-l', '64K', ...trackers, ...extras]);
    const theirs = path.join(dir, 'multi-mk.torrent');
    tool('mktorrent', ['-l', '16', '-d', '-o', theirs, ...trackers, ...extras, root]);
    const info = shoalInfo(theirs);
    expect(info.infoHash).toBe(ours);
    const expectedOrder = ['C', 'a-c', 'a/b/c.bin', 'a/z', 'b', 'deep/x/y/z.bin', 'zero', 'é.txt'];
    expect(info.files).toEqual(expectedOrder.map((p) => ({ path: p, length: sizes[p] })));
    expect(info).toMatchObject({
      name: 'multi',
      pieceLength: 65536,
      private: true,
      source: 'SHOAL-TEST',
      comment: 'made in a test',
      urlList: ['http://127.0.0.1:8080/files/'],
      announceTiers: [['http://127.0.0.1:6969/announce', 'udp://127.0.0.1:6969'], ['wss://127.0.0.1:8000']],
    });
    expect(shoalInfo(path.join(dir, 'multi-shoal.torrent'))).toMatchObject({
      announceTiers: info.announceTiers,
      urlList: info.urlList,
      comment: info.comment,
    });
    const shown = transmissionShow(theirs);
    expect([shown.name, shown.hash, shown.pieceCount, shown.private]).toEqual(['multi', ours, info.pieceCount, true]);
    expect(shown.files).toEqual(expectedOrder.map((p) => `multi/${p}`));
  });

  it('matches mktorrent on hidden files only with --include-hidden', () => {
    const root = path.join(dir, 'hidden');
    writeTree(root, { '.git/config': 100, '.hidden': 50_000, visible: 40_000 });
    const theirs = path.join(dir, 'hidden-mk.torrent');
    tool('mktorrent', ['-l', '15', '-d', '-o', theirs, root]);
    const mk = shoalInfo(theirs).infoHash;
    const all = shoalCreate(root, path.join(dir, 'hidden-all.torrent'), ['-l', '32K', '--include-hidden']);
    const plain = shoalCreate(root, path.join(dir, 'hidden-plain.torrent'), ['-l', '32K']);
    expect(all).toBe(mk);
    expect(plain).not.toBe(mk);
    expect(shoalInfo(path.join(dir, 'hidden-plain.torrent')).files).toEqual([{ path: 'visible', length: 40_000 }]);
  });
});
