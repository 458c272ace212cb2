import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shoal, startShoal } from '../helpers/shoal-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-cli-create-'));
  writeFileSync(path.join(dir, 'file.bin'), randomBytes(100_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NO_STACK = /^\s+at |\.js:\d+:\d+/m;

describe('shoal create', () => {
  it('writes <name>.torrent in the working folder and prints the infohash and magnet link', () => {
    const run = shoal(['create', 'file.bin', '-a', 'http://127.0.0.1:1/announce', '--comment', 'hi'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const hash = /^infohash: ([0-9a-f]{40})$/m.exec(run.stdout)![1];
    expect(run.stdout).toContain(
      `magnet: magnet:?xt=urn:btih:${hash}&dn=file.bin&tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce`,
    );
    expect(existsSync(path.join(dir, 'file.bin.torrent'))).toBe(true);
    const info = JSON.parse(shoal(['info', '--json', path.join(dir, 'file.bin.torrent')]).stdout);
    expect(info).toMatchObject({
      infoHash: hash,
      pieceLength: 16384,
      pieceCount: 7,
      comment: 'hi',
      createdBy: 'Shoal 0.1.0',
    });
    expect(Math.abs(info.creationDate - Date.now() / 1000)).toBeLessThan(120);
  });

  it('keeps an existing output unless --force, and gives identical bytes with --no-date', () => {
    const out = path.join(dir, 'same.torrent');
    expect(shoal(['create', path.join(dir, 'file.bin'), '-o', out, '--no-date']).status).toBe(0);
    const first = readFileSync(out);
    const again = shoal(['create', path.join(dir, 'file.bin'), '-o', out, '--no-date']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists; use --force/);
    expect(shoal(['create', path.join(dir, 'file.bin'), '-o', out, '--no-date', '--force']).status).toBe(0);
    expect(readFileSync(out)).toEqual(first);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it.each([
    [['create', 'file.bin', '--bogus'], 2, /Unknown option '--bogus'/],
    [['create'], 2, /expected exactly one file or folder/],
    [['create', 'file.bin', '-l', '1000'], 2, /piece length 1000 is not allowed: use a power of two/],
    [['create', 'file.bin', '-l', 'big'], 2, /piece length "big" is not a size/],
    [['create', 'file.bin', '-t', '0'], 2, /--threads "0"/],
    [['create', 'nothing-here'], 1, /nothing-here" does not exist/],
    [['create', 'file.bin', '-a', 'ftp://x/announce'], 1, /tracker URL "ftp:\/\/x\/announce" must start with/],
    [['create', 'file.bin', '-w', 'not a url'], 1, /web seed URL "not a url" is not a valid URL/],
    [['create', 'empty'], 1, /holds no files to share/],
    [['create', 'file.bin', '-o', 'no-dir/x.torrent'], 1, /cannot write ".*no-dir\/x\.torrent": ENOENT/],
  ])('%j exits %i with a one-line error', (args, status, message) => {
    mkdirSync(path.join(dir, 'empty/sub'), { recursive: true });
    const run = shoal(args, { cwd: dir });
    expect(run.status).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stdout).toBe('');
  });

  it('prints full help for --help', () => {
    const run = shoal(['create', '--help']);
    expect(run.status).toBe(0);
    for (const flag of [
      '--output',
      '--announce',
      '--web-seed',
      '--piece-length',
      '--private',
      '--comment',
      '--source',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/hidden/i);
    expect(run.stdout).toMatch(/symbolic links/i);
  });

  it('cancels on Ctrl-C (SIGINT), stops hashing and writes nothing', async () => {
    const big = path.join(dir, 'big.bin');
    writeFileSync(big, '');
    truncateSync(big, 8 * 1024 ** 3); // sparse: reads as zeros, costs no disk
    const out = path.join(dir, 'big.torrent');
    const { child, done } = startShoal(['create', big, '-o', out, '--threads', '1']);
    await waitUntil(() => openFilesOf(child.pid!).includes(big));
    child.kill('SIGINT');
    const result = await done;
    expect(result.status).toBe(130);
    expect(result.stderr).toMatch(/cancelled; nothing written/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

function openFilesOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
  } catch {
    return [];
  }
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
