import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { encodeBytes } from '../../core/protocol/tracker/http-query.js';

/**
 * HTTP announces per second under one wrk load, against Shoal, opentracker (Debian) and
 * bittorrent-tracker (npm, default options), each in its own process, one after another.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const WORK = join(ROOT, 'bench/.work/tracker-http');
const LUA = join(ROOT, 'bench/tracker/announce.lua');
const DURATION = process.env.BENCH_DURATION ?? '10s';
const CONNECTIONS = '64';

interface Contender {
  name: string;
  start(port: number, whitelist: string): ChildProcess;
}

const contenders: Contender[] = [
  {
    name: 'shoal',
    start: (port) =>
      spawn(
        process.execPath,
        // wrk announces every peer from 127.0.0.1: lift the per-address cap so swarms hold them all, as opentracker's do.
        [
          join(ROOT, 'dist/cli/main.js'),
          'tracker',
          '--port',
          String(port),
          '--no-udp',
          '--max-peers-per-address',
          '65535',
          '--log-level',
          'warn',
        ],
        {
          stdio: 'ignore',
        },
      ),
  },
  {
    name: 'opentracker',
    start: (port, whitelist) => {
      // Debian's build only serves whitelisted torrents; it chroots into rootdir, so paths are relative.
      const dir = join(WORK, 'opentracker');
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'whitelist.txt'), whitelist, { mode: 0o644 });
      const conf = [
        `listen.tcp 127.0.0.1:${port}`,
        `listen.udp 127.0.0.1:${port}`,
        'access.whitelist ./whitelist.txt',
        `tracker.rootdir ${dir}`,
        'tracker.user nobody',
      ];
      writeFileSync(join(dir, 'opentracker.conf'), `${conf.join('\n')}\n`);
      return spawn('opentracker', ['-f', join(dir, 'opentracker.conf')], { stdio: 'ignore' });
    },
  },
  {
    name: 'bittorrent-tracker',
    start: (port) =>
      spawn(process.execPath, [join(ROOT, 'bench/tracker/bittorrent-tracker-server.js'), String(port)], {
        stdio: 'ignore',
      }),
  },
];

export interface HttpBenchResult {
  torrents: number;
  rates: Record<string, number>;
}

export async function runHttpBench(torrentCounts = [5000, 50000]): Promise<HttpBenchResult[]> {
  mkdirSync(WORK, { recursive: true });
  const results: HttpBenchResult[] = [];
  for (const torrents of torrentCounts) {
    const hashes = Array.from({ length: torrents }, () => randomBytes(20));
    const hashFile = join(WORK, `hashes-${torrents}.txt`);
    writeFileSync(hashFile, `${hashes.map((h) => encodeBytes(h)).join('\n')}\n`);
    const whitelist = `${hashes.map((h) => h.toString('hex')).join('\n')}\n`;
    const rates: Record<string, number> = {};
    for (const c of contenders) {
      const port = await freePort();
      const proc = c.start(port, whitelist);
      try {
        await waitForAnnounce(port, hashes[0]!);
        rates[c.name] = wrk(port, hashFile);
      } finally {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      console.log(`  ${torrents} torrents  ${c.name.padEnd(20)} ${rates[c.name]!.toFixed(0)} announces/s`);
    }
    results.push({ torrents, rates });
  }
  return results;
}

function wrk(port: number, hashFile: string): number {
  const r = spawnSync(
    'wrk',
    ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}`, '-s', LUA, `http://127.0.0.1:${port}/`, '--', hashFile],
    { encoding: 'utf8' },
  );
  const match = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
  if (!match) throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  if (/Non-2xx/.test(r.stdout)) throw new Error(`wrk saw errors: ${r.stdout}`);
  return Number(match[1]);
}

/** Polls until one real announce (whitelisted torrent) gets a peer list; opentracker loads its whitelist late. */
async function waitForAnnounce(port: number, hash: Buffer): Promise<void> {
  const url = `http://127.0.0.1:${port}/announce?info_hash=${encodeBytes(hash)}&peer_id=-WR0001-aaaaaaaaaaaa&port=6881&compact=1&numwant=50&left=0`;
  let last = 'no reply';
  for (let i = 0; i < 100; i++) {
    try {
      last = await (await fetch(url)).text();
      if (!last.includes('failure reason') && last.includes('peers')) return;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tracker on port ${port} does not serve announces: ${last}`);
}

function freePort(): Promise<number> {
  return new Promise((resolveF) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolveF(port));
    });
  });
}
