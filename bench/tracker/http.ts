import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeBytes } from '../../core/protocol/tracker/http-query.js';

/**
 * HTTP announces per second under one wrk load, against Shoal, opentracker (Debian) and a bare
 * node:http server with a fixed 60-byte reply (the ceiling of any tracker on node:http), each in
 * its own process, one after another.
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
    name: 'bare node:http',
    start: (port) =>
      spawn(process.execPath, [join(ROOT, 'dist/bench/tracker/bare-http-server.js'), String(port)], {
        stdio: 'ignore',
      }),
  },
];

/** One contender's run in one round, with the load average when it ended. */
export interface HttpRun {
  name: string;
  rate: number;
  load: number[];
}

export interface HttpBenchResult {
  torrents: number;
  /** rounds[i] holds every contender's run of round i, in the order they ran. */
  rounds: HttpRun[][];
}

/**
 * Runs the contenders in turn, `rounds` times over (Shoal, opentracker, bare, Shoal, …), so that
 * a change in the machine's load falls on all of them alike; prints each run as it ends.
 */
export async function runHttpBench(torrentCounts = [5000], rounds = 3): Promise<HttpBenchResult[]> {
  mkdirSync(WORK, { recursive: true });
  const results: HttpBenchResult[] = [];
  for (const torrents of torrentCounts) {
    const hashes = Array.from({ length: torrents }, () => randomBytes(20));
    const hashFile = join(WORK, `hashes-${torrents}.txt`);
    writeFileSync(hashFile, `${hashes.map((h) => encodeBytes(h)).join('\n')}\n`);
    const whitelist = `${hashes.map((h) => h.toString('hex')).join('\n')}\n`;
    const result: HttpBenchResult = { torrents, rounds: [] };
    for (let round = 1; round <= rounds; round++) {
      const runs: HttpRun[] = [];
      for (const c of contenders) {
        const rate = await runOne(c, whitelist, hashes[0]!, hashFile);
        const run = { name: c.name, rate, load: loadavg() };
        runs.push(run);
        console.log(
          `  ${torrents} torrents  round ${round}  ${c.name.padEnd(16)} ${rate.toFixed(0).padStart(7)} announces/s  (load average ${formatLoad(run.load)})`,
        );
      }
      result.rounds.push(runs);
    }
    results.push(result);
  }
  return results;
}

export function formatLoad(load: number[]): string {
  return load.map((l) => l.toFixed(2)).join(' ');
}

async function runOne(c: Contender, whitelist: string, probe: Buffer, hashFile: string): Promise<number> {
  const port = await freePort();
  const proc = c.start(port, whitelist);
  try {
    await waitForAnnounce(port, probe);
    return wrk(port, hashFile);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
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
