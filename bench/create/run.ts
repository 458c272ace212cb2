/**
 * npm run bench:create — hashing throughput of `shoal create` against mktorrent (Debian) on the
 * same warm file (1 GiB; BENCH_CREATE_GIB=4 for 4 GiB), same piece length (1 MiB;
 * BENCH_CREATE_PIECE_LOG2=18 for 256 KiB), 2 threads each, whole processes timed (start-up
 * included), runs alternated. Prints medians, minimums, MB/s and the speed ratio shoal/mktorrent.
 * Each tool also runs on a one-piece file: its median is the tool's fixed cost (process start-up,
 * walking, writing), and size / (big − tiny) is the hashing throughput with that cost taken out.
 */
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseMetainfo } from '../../core/protocol/metainfo.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const GIB = envInt('BENCH_CREATE_GIB', 1);
const FILE = path.join(ROOT, `bench/.work/create-${GIB}gib.bin`);
const TINY = path.join(ROOT, 'bench/.work/create-one-piece.bin');
const SIZE = GIB * 1024 ** 3;
const PIECE_LOG2 = envInt('BENCH_CREATE_PIECE_LOG2', 20);
const RUNS = 5;
const SHOAL = path.join(ROOT, 'dist/cli/main.js');
const OUT_MK = path.join(tmpdir(), `bench-create-mktorrent-${process.pid}.torrent`);
const OUT_SHOAL = path.join(tmpdir(), `bench-create-shoal-${process.pid}.torrent`);

const TIME = '/usr/bin/time';

interface Sample {
  /** Wall-clock seconds, process start-up included. */
  wall: number;
  /** User + system CPU seconds of the process (from /usr/bin/time): robust when the machine is shared. */
  cpu: number;
}

const tools = {
  mktorrent: (file = FILE) => run('mktorrent', ['-t', '2', '-l', String(PIECE_LOG2), '-d', '-o', OUT_MK, file], OUT_MK),
  shoal: (file = FILE) =>
    run(
      process.execPath,
      [
        SHOAL,
        'create',
        '--threads',
        '2',
        '--piece-length',
        String(2 ** PIECE_LOG2),
        '--no-date',
        '-o',
        OUT_SHOAL,
        file,
      ],
      OUT_SHOAL,
    ),
};

function run(program: string, args: string[], output: string): Sample {
  rmSync(output, { force: true });
  const start = performance.now();
  const result = spawnSync(TIME, ['-f', 'cpu %U %S', program, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = (performance.now() - start) / 1000;
  const stderr = result.stderr.toString();
  if (result.status !== 0) throw new Error(`${program} failed: ${stderr}`);
  const [, user, system] = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr) ?? [];
  return { wall, cpu: Number(user) + Number(system) };
}

/** Makes the test file once (random bytes, so nothing compresses or dedups) and reuses it. */
function ensureFile(): void {
  mkdirSync(path.dirname(FILE), { recursive: true });
  writeFileSync(TINY, randomFillSync(Buffer.alloc(2 ** PIECE_LOG2)));
  if (statSync(FILE, { throwIfNoEntry: false })?.size === SIZE) return;
  mkdirSync(path.dirname(FILE), { recursive: true });
  const fd = openSync(FILE, 'w');
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  for (let written = 0; written < SIZE; written += chunk.length) writeSync(fd, randomFillSync(chunk));
  closeSync(fd);
}

/** Reads the whole file so both tools find it in the page cache. */
function warm(): void {
  const fd = openSync(FILE, 'r');
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  while (readSync(fd, chunk) > 0);
  closeSync(fd);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (seconds: number) => SIZE / 1e6 / seconds;

function main(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed (Debian package "time")`);
  ensureFile();
  warm();
  const samples: Record<keyof typeof tools, Sample[]> = { mktorrent: [], shoal: [] };
  const fixed: Record<keyof typeof tools, number[]> = { mktorrent: [], shoal: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const name of ['mktorrent', 'shoal'] as const) {
      fixed[name].push(tools[name](TINY).wall);
      samples[name].push(tools[name]()); // last, so the outputs compared below are the big file's
    }
  }
  const mkHash = parseMetainfo(readFileSync(OUT_MK)).infoHash;
  const shoalHash = parseMetainfo(readFileSync(OUT_SHOAL)).infoHash;
  rmSync(OUT_MK, { force: true });
  rmSync(OUT_SHOAL, { force: true });
  console.log(
    `create: ${SIZE / 1024 ** 3} GiB file, ${2 ** PIECE_LOG2 / 1024} KiB pieces, 2 threads, ${RUNS} runs each`,
  );
  const wall = { mktorrent: samples.mktorrent.map((s) => s.wall), shoal: samples.shoal.map((s) => s.wall) };
  const cpu = { mktorrent: samples.mktorrent.map((s) => s.cpu), shoal: samples.shoal.map((s) => s.cpu) };
  for (const name of ['mktorrent', 'shoal'] as const) {
    const t = wall[name];
    console.log(
      `  ${name.padEnd(10)} median ${median(t).toFixed(3)} s (${mbps(median(t)).toFixed(0)} MB/s)  ` +
        `min ${Math.min(...t).toFixed(3)} s (${mbps(Math.min(...t)).toFixed(0)} MB/s)  ` +
        `CPU median ${median(cpu[name]).toFixed(2)} s  runs ${t.map((x) => x.toFixed(3)).join(' ')}`,
    );
  }
  const ratio = (xs: Record<string, number[]>, pick: (v: number[]) => number) =>
    (pick(xs.mktorrent!) / pick(xs.shoal!)).toFixed(2);
  const least = (v: number[]) => Math.min(...v);
  console.log(
    `  ratio shoal/mktorrent (speed, >1 = faster): wall median ${ratio(wall, median)}x, ` +
      `wall min ${ratio(wall, least)}x, CPU time median ${ratio(cpu, median)}x`,
  );
  const hashing = (name: keyof typeof tools) => median(wall[name]) - median(fixed[name]);
  for (const name of ['mktorrent', 'shoal'] as const) {
    console.log(
      `  ${name.padEnd(10)} fixed cost (one-piece file) median ${(median(fixed[name]) * 1000).toFixed(0)} ms, ` +
        `hashing alone ${(hashing(name) * 1000).toFixed(0)} ms (${mbps(hashing(name)).toFixed(0)} MB/s)`,
    );
  }
  console.log(
    `  ratio shoal/mktorrent of hashing throughput, fixed costs taken out: ${(hashing('mktorrent') / hashing('shoal')).toFixed(2)}x`,
  );
  console.log(`  infohash ${shoalHash === mkHash ? 'equal' : 'DIFFERENT'}: ${shoalHash}`);
  if (shoalHash !== mkHash) process.exitCode = 1;
}

main();

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}
