import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTracker } from '../../tracker/server.js';
import { startTestTracker } from '../helpers/tracker.js';
import { haveTool } from '../helpers/tools.js';

/** libtorrent's Python bindings, from Debian's python3-libtorrent (not the pyenv python on PATH). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'tracker-bittorrent.py');

/** Whether Debian's python3-libtorrent imports; in CI its absence is a failure, never a skip. */
async function libtorrentAvailable(): Promise<boolean> {
  if (!haveTool(PYTHON)) return false;
  const probe = spawn(PYTHON, ['-c', 'import libtorrent'], { stdio: 'ignore' });
  const ok = await new Promise<boolean>((resolve) => probe.on('exit', (code) => resolve(code === 0)));
  if (!ok && process.env.CI === 'true') throw new Error('python3-libtorrent is missing; .ci/run must install it');
  if (!ok) console.warn('skipping: python3-libtorrent is not installed on this machine');
  return ok;
}

const available = await libtorrentAvailable();

function transfer(
  url: string,
): Promise<{ code: number | null; out: string; err: string; work: string; name: string; data: Buffer }> {
  const work = mkdtempSync(join(tmpdir(), 'shoal-lt-'));
  mkdirSync(join(work, 'seed'));
  const name = 'payload.bin';
  const data = randomBytes(3 * 1024 * 1024 + 12345);
  writeFileSync(join(work, 'seed', name), data);
  return new Promise((resolve) => {
    const py = spawn(PYTHON, [SCRIPT, url, work, name]);
    let out = '';
    let err = '';
    py.stdout.on('data', (d) => (out += d));
    py.stderr.on('data', (d) => (err += d));
    py.on('exit', (code) => resolve({ code, out, err, work, name, data }));
  });
}

describe.runIf(available)('two libtorrent clients transfer a file through the Shoal tracker', () => {
  let tracker: RunningTracker;
  beforeAll(async () => {
    tracker = await startTestTracker({ interval: 30, stats: true });
  });
  afterAll(() => tracker.close());

  it.each([
    ['HTTP', () => `http://127.0.0.1:${tracker.httpPort}/announce`],
    ['UDP', () => `udp://127.0.0.1:${tracker.udpPort}/announce`],
  ])(
    'announcing over %s',
    async (protocol, url) => {
      const before = JSON.parse(await (await fetch(`http://127.0.0.1:${tracker.httpPort}/stats.json`)).text());
      const r = await transfer(url());
      expect(r.code, `${r.out}\n${r.err}`).toBe(0);
      expect(readFileSync(join(r.work, 'leech', r.name)).equals(r.data)).toBe(true);
      const after = JSON.parse(await (await fetch(`http://127.0.0.1:${tracker.httpPort}/stats.json`)).text());
      const key = protocol === 'HTTP' ? 'http' : 'udp';
      expect(after.announces[key] - before.announces[key]).toBeGreaterThanOrEqual(2);
    },
    90_000,
  );
});
