import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTracker } from '../../tracker/server.js';
import { startTestTracker } from '../helpers/tracker.js';
import { requirePython } from '../helpers/tools.js';

const SCRIPT = join(import.meta.dirname, 'tracker-bittorrent.py');
/** An interpreter with libtorrent's Python bindings (Debian's python3-libtorrent), or undefined. */
const python = requirePython('libtorrent', 'python3-libtorrent');

function transfer(
  url: string,
): Promise<{ code: number | null; out: string; err: string; work: string; name: string; data: Buffer }> {
  const work = mkdtempSync(join(tmpdir(), 'shoal-lt-'));
  mkdirSync(join(work, 'seed'));
  const name = 'payload.bin';
  const data = randomBytes(3 * 1024 * 1024 + 12345);
  writeFileSync(join(work, 'seed', name), data);
  return new Promise((resolve) => {
    const py = spawn(python!, [SCRIPT, url, work, name]);
    let out = '';
    let err = '';
    py.stdout.on('data', (d) => (out += d));
    py.stderr.on('data', (d) => (err += d));
    py.on('exit', (code) => resolve({ code, out, err, work, name, data }));
  });
}

describe.runIf(python !== undefined)('two libtorrent clients transfer a file through the Shoal tracker', () => {
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
