import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileTorrents } from '../fixtures/hostile.js';
import { shoal, startShoal } from '../helpers/shoal-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'shoal-cli-info-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';

describe('shoal info', () => {
  it('shows what a magnet link holds, as text and JSON', () => {
    const uri = `magnet:?xt=urn:btih:${HASH.toUpperCase()}&dn=My%20Files&tr=udp%3A%2F%2F127.0.0.1%3A1&ws=http%3A%2F%2F127.0.0.1%2Fx`;
    const json = shoal(['info', '--json', uri]);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      magnet: true,
      infoHash: HASH,
      name: 'My Files',
      announce: ['udp://127.0.0.1:1'],
      urlList: ['http://127.0.0.1/x'],
    });
    const text = shoal(['info', uri]);
    expect(text.stdout).toMatch(new RegExp(`Infohash:\\s+${HASH}`));
    expect(text.stdout).toMatch(/Name:\s+My Files/);
  });

  it('escapes control characters from the torrent before printing them', () => {
    writeFileSync(path.join(dir, 'plain.bin'), 'data');
    const torrent = path.join(dir, 'escape-codes.torrent');
    const made = shoal(['create', path.join(dir, 'plain.bin'), '-o', torrent, '--comment', 'hi\x1b[2J\u202eevil']);
    expect(made.status, made.stderr).toBe(0);
    const run = shoal(['info', torrent]);
    expect(run.stdout).toContain('Comment:      hi\\u{1b}[2J\\u{202e}evil');
    expect(run.stdout).not.toContain('\x1b');
    expect(JSON.parse(shoal(['info', '--json', torrent]).stdout).comment).toBe('hi\x1b[2J\u202eevil');
  });

  it('refuses a broken magnet link in one line', () => {
    const run = shoal(['info', 'magnet:?dn=x']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/not a valid magnet link: .*infohash/);
  });

  it(`refuses each of ${hostileTorrents.length} hostile torrents in one line naming the problem`, async () => {
    const cases = hostileTorrents.map((h, i) => {
      const file = path.join(dir, `hostile-${i}.torrent`);
      writeFileSync(file, h.bytes);
      return { ...h, file };
    });
    for (let i = 0; i < cases.length; i += 4) {
      const batch = cases.slice(i, i + 4);
      const runs = await Promise.all(batch.map((c) => startShoal(['info', '--json', c.file]).done));
      runs.forEach((run, j) => {
        const c = batch[j]!;
        expect(run.status, c.name).toBe(1);
        expect(run.stdout, c.name).toBe('');
        const lines = run.stderr.trim().split('\n');
        expect(lines, c.name).toHaveLength(1);
        const parts = /is not a valid torrent: (.*) \[([a-z0-9-]+)\]$/.exec(lines[0]!);
        expect(parts, `${c.name}: ${lines[0]}`).not.toBeNull();
        expect(parts![2], c.name).toBe(c.code);
        if (typeof c.message === 'string') expect(parts![1], c.name).toBe(c.message);
        else expect(parts![1], c.name).toMatch(c.message);
      });
    }
  });

  it('refuses hostile torrents in verify too', () => {
    const pathEscape = hostileTorrents.find((h) => h.code === 'bad-path') ?? hostileTorrents[0]!;
    const file = path.join(dir, 'escape.torrent');
    writeFileSync(file, pathEscape.bytes);
    const run = shoal(['verify', file, dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is not a valid torrent/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('has --help, and exits 2 on an unknown flag or missing argument', () => {
    const help = shoal(['info', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--json/);
    expect(help.stdout).toMatch(/infoHash, name, pieceLength/);
    expect(shoal(['info', 'x.torrent', '--yaml']).status).toBe(2);
    expect(shoal(['info']).status).toBe(2);
  });
});
