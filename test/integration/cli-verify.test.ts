import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoal } from '../helpers/shoal-cli.js';

let dir: string;
let torrent: string;
const FILES: Record<string, number> = { 'a.bin': 50_000, 'sub/b.bin': 100_000, 'sub/c.txt': 20_000 };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-cli-verify-'));
  for (const [rel, size] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, 'data/pack', rel)), { recursive: true });
    writeFileSync(path.join(dir, 'data/pack', rel), randomBytes(size));
  }
  torrent = path.join(dir, 'pack.torrent');
  const run = shoal(['create', path.join(dir, 'data/pack'), '-o', torrent, '-l', '16K']);
  expect(run.status, run.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shoal verify', () => {
  it('round trip: create → info → verify reports every piece valid and exits 0', () => {
    const info = JSON.parse(shoal(['info', '--json', torrent]).stdout);
    expect(info.files).toEqual(Object.entries(FILES).map(([p, length]) => ({ path: p, length })));
    expect(info.pieceCount).toBe(Math.ceil(170_000 / 16384));
    const run = shoal(['verify', torrent, path.join(dir, 'data')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ok\s+4\/4\s+pack\/a\.bin/);
    expect(run.stdout).toMatch(/ok\s+7\/7\s+pack\/sub\/b\.bin/);
    expect(run.stdout).toMatch(/All 11 of 11 pieces valid/);
  });

  it('also accepts the torrent folder itself as the data path', () => {
    const run = shoal(['verify', torrent, path.join(dir, 'data/pack')]);
    expect(run.status, run.stderr).toBe(0);
  });

  it('verifies a single-file torrent from its folder or from the file itself', () => {
    const file = path.join(dir, 'single', 'movie.bin');
    mkdirSync(path.dirname(file));
    writeFileSync(file, randomBytes(40_000));
    const single = path.join(dir, 'movie.torrent');
    expect(shoal(['create', file, '-o', single]).status).toBe(0);
    for (const dataPath of [path.dirname(file), file]) {
      const run = shoal(['verify', single, dataPath]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/ok\s+3\/3\s+movie\.bin/);
    }
  });

  it('names the piece count and the file after one corrupt byte, and exits 1', () => {
    const copy = path.join(dir, 'copy');
    for (const rel of Object.keys(FILES)) {
      mkdirSync(path.dirname(path.join(copy, 'pack', rel)), { recursive: true });
      writeFileSync(path.join(copy, 'pack', rel), readFileSync(path.join(dir, 'data/pack', rel)));
    }
    const b = path.join(copy, 'pack/sub/b.bin');
    const bytes = readFileSync(b);
    bytes[60_000]! ^= 0xff; // torrent byte 110,000: piece 6, inside sub/b.bin (pieces 3-9) only
    writeFileSync(b, bytes);
    const run = shoal(['verify', torrent, copy]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/ok\s+4\/4\s+pack\/a\.bin/);
    expect(run.stdout).toMatch(/BAD\s+6\/7\s+pack\/sub\/b\.bin/);
    expect(run.stdout).toMatch(/ok\s+2\/2\s+pack\/sub\/c\.txt/);
    expect(run.stdout).toMatch(/Incomplete: 10 of 11 pieces valid/);

    rmSync(path.join(copy, 'pack/sub/c.txt'));
    const missing = shoal(['verify', torrent, copy]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/missing\s+0\/2\s+pack\/sub\/c\.txt/);
  });

  it.each([
    [['verify', 'no.torrent', '.'], 1, /"no\.torrent" does not exist/],
    [['verify', 'pack.torrent', 'nowhere'], 1, /data path "nowhere" does not exist/],
    [['verify', 'pack.torrent'], 2, /expected a \.torrent file and a data path/],
    [['verify', 'pack.torrent', '.', '--fast'], 2, /Unknown option '--fast'/],
  ])('%j exits %i with a one-line error', (args, status, message) => {
    const run = shoal(args, { cwd: dir });
    expect(run.status).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at |\.js:\d+:\d+/m);
  });

  it('prints full help for --help', () => {
    const run = shoal(['verify', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: shoal verify <file\.torrent> <data path>/);
    expect(run.stdout).toMatch(/download folder/);
  });
});
