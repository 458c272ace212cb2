import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMetainfo, parseMetainfo } from '../../core/protocol/metainfo.js';
import type { Metainfo } from '../../core/protocol/metainfo.js';
import { unusualButValid } from '../fixtures/hostile.js';
import { requirePython, requireTool } from '../helpers/tools.js';

/**
 * Against real third-party tools: encodeMetainfo must write exactly what mktorrent writes, and
 * parseMetainfo must find the infohash that transmission and libtorrent find in their own files.
 */

const work = mkdtempSync(join(tmpdir(), 'shoal-mktorrent-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function mktorrent(target: string, args: string[]): Metainfo {
  const out = join(work, `${Math.random().toString(36).slice(2)}.torrent`);
  const run = spawnSync('mktorrent', [...args, '-o', out, target], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return parseMetainfo(readFileSync(out));
}

function reencode(m: Metainfo): Uint8Array {
  return encodeMetainfo(
    {
      name: m.info.name,
      pieceLength: m.info.pieceLength,
      pieces: m.info.pieces,
      files: m.info.files.map((f) => ({ path: m.info.multiFile ? f.path : [m.info.name], length: f.length })),
      multiFile: m.info.multiFile,
      private: m.info.private,
      ...(m.info.source === undefined ? {} : { source: m.info.source }),
    },
    {
      announce: m.announce,
      urlList: m.urlList,
      ...(m.comment === undefined ? {} : { comment: m.comment }),
      ...(m.createdBy === undefined ? {} : { createdBy: m.createdBy }),
      ...(m.creationDate === undefined ? {} : { creationDate: m.creationDate }),
    },
  );
}

const folder = join(work, 'Album Ünï');
mkdirSync(join(folder, 'b'), { recursive: true });
writeFileSync(join(folder, 'a.txt'), 'x'.repeat(70_000));
writeFileSync(join(folder, 'b', 'empty'), '');
writeFileSync(join(folder, 'b', 'Z.bin'), Buffer.alloc(33_000, 7));
writeFileSync(join(work, 'one.bin'), Buffer.alloc(50_000, 3));

describe.runIf(requireTool('mktorrent'))('encodeMetainfo against mktorrent', () => {
  it('multi-file, private, source, tiers, one web seed, comment: byte-identical file', () => {
    const m = mktorrent(folder, [
      '-l',
      '15',
      '-p',
      '-s',
      'SHOAL',
      '-c',
      'a comment',
      '-a',
      'http://127.0.0.1:1/a,http://127.0.0.1:2/b',
      '-a',
      'http://127.0.0.1:3/c',
      '-w',
      'http://127.0.0.1:8/seed/',
    ]);
    expect(m.info.files.map((f) => f.path.join('/'))).toEqual(['a.txt', 'b/Z.bin', 'b/empty']);
    expect(m.announce).toEqual([['http://127.0.0.1:1/a', 'http://127.0.0.1:2/b'], ['http://127.0.0.1:3/c']]);
    expect(Buffer.from(reencode(m)).equals(Buffer.from(m.raw))).toBe(true);
  });

  it('single file, public, one tracker, two web seeds, no date: byte-identical file', () => {
    const m = mktorrent(join(work, 'one.bin'), [
      '-l',
      '15',
      '-d',
      '-a',
      'http://127.0.0.1:1/a',
      '-w',
      'http://127.0.0.1:8/x,http://127.0.0.1:9/y',
    ]);
    expect(m.info).toMatchObject({ multiFile: false, private: false, length: 50_000, pieceCount: 2 });
    expect(Buffer.from(reencode(m)).equals(Buffer.from(m.raw))).toBe(true);
  });
});

describe.runIf(requireTool('transmission-create') && requireTool('transmission-show'))(
  'parseMetainfo against transmission',
  () => {
    it('reads a transmission-made torrent (private: 0, case-insensitive order) with the same infohash', () => {
      const out = join(work, 'transmission.torrent');
      const create = spawnSync('transmission-create', ['-o', out, '-s', '32', '-t', 'http://127.0.0.1:1/a', folder], {
        encoding: 'utf8',
      });
      expect(create.status, create.stderr).toBe(0);
      const m = parseMetainfo(readFileSync(out));
      const show = spawnSync('transmission-show', [out], { encoding: 'utf8' });
      expect(show.stdout).toContain(`Hash: ${m.infoHash}`);
      // transmission-create leaves empty files out.
      expect(m.info.files.map((f) => [f.path.join('/'), f.length])).toEqual([
        ['a.txt', 70_000],
        ['b/Z.bin', 33_000],
      ]);
      expect(Buffer.from(m.raw).toString('latin1')).toContain('7:privatei0e');
      expect(m.info.private).toBe(false);
    });
  },
);

const python = requirePython('libtorrent', 'python3-libtorrent');

describe.runIf(python !== undefined)('parseMetainfo against libtorrent', () => {
  it('finds the infohash libtorrent finds in a torrent with unsorted keys', () => {
    const out = join(work, 'unsorted.torrent');
    writeFileSync(out, unusualButValid[0]!.bytes);
    const script = 'import sys, libtorrent as lt; print(lt.torrent_info(sys.argv[1]).info_hash())';
    const run = spawnSync(python!, ['-c', script, out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(parseMetainfo(unusualButValid[0]!.bytes).infoHash);
  });
});
