/**
 * npm run bench:transfer — one single-file torrent (256 MiB) over ONE WebRTC connection on
 * loopback, three ways in one run, each side in its own process (ways.ts): (a) the raw data
 * channel, (b) a Shoal seeder and leecher through a Shoal tracker, (c) two webtorrent clients
 * through the same kind of tracker. Prints MB/s, set-up times, Shoal/raw and Shoal/webtorrent.
 *
 * Environment: BENCH_MIB (256), BENCH_ROUNDS (3), BENCH_WAYS (raw,shoal,webtorrent),
 * BENCH_TIMEOUT_S (per transfer; default 60 + 1 per MiB).
 */
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { Cleanup, tempFolder } from './cleanup.js';
import { makeTorrent, warm, writeRandomFile } from './fixtures.js';
import { attempt, envList, envNumber, fixed, load, machineLine, mbps, ratio, table } from './report.js';
import { measureWay, type Way, type WayContext, type WayResult } from './ways.js';

const WAYS = ['raw', 'shoal', 'webtorrent'] as const satisfies readonly Way[];
const MIB = envNumber('BENCH_MIB', 256);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);
const CHOSEN = envList('BENCH_WAYS', WAYS, WAYS);
const TIMEOUT_MS = envNumber('BENCH_TIMEOUT_S', 60 + MIB) * 1000;
const CHUNK_BYTES = 16 * 1024;

const NAMES: Record<Way, string> = { raw: 'raw data channel', shoal: 'Shoal', webtorrent: 'webtorrent' };

interface Row extends WayResult {
  round: number;
  loadStart: string;
  loadEnd: string;
}

const throughput = (r: WayResult) => mbps(r.bytes, r.totalMs);
/** Once the first byte is in: what the transfer itself runs at, set-up left out. */
const dataThroughput = (r: WayResult) =>
  r.firstByteMs === undefined ? throughput(r) : mbps(r.bytes, r.totalMs - r.firstByteMs);

function cells(r: Row): string[] {
  return [
    NAMES[r.way],
    String(r.round),
    `${r.loadStart} → ${r.loadEnd}`,
    fixed(r.setupMs, 0),
    fixed(r.firstByteMs, 0),
    fixed(r.totalMs / 1000, 2),
    fixed(throughput(r)),
    fixed(dataThroughput(r)),
    fixed(r.cpu.receiver, 2),
    fixed(r.cpu.sender, 2),
  ];
}

const HEADER = [
  'way',
  'round',
  'load',
  'set-up ms',
  'first byte ms',
  'total s',
  'MB/s',
  'MB/s after 1st byte',
  'CPU s receiver',
  'CPU s sender',
];

/** The least disturbed run of each way: on a shared machine, other work only ever slows a run down. */
function best(rows: Row[], way: Way): Row | undefined {
  return rows.filter((r) => r.way === way).sort((a, b) => throughput(b) - throughput(a))[0];
}

function summary(rows: Row[]): string[] {
  const [raw, shoal, wt] = (['raw', 'shoal', 'webtorrent'] as const).map((w) => best(rows, w));
  const of = (r: Row | undefined, pick: (r: Row) => number) => (r ? pick(r) : undefined);
  const setup = (r: Row | undefined) => (r ? `${fixed(r.setupMs, 0)} ms` : 'n/a');
  return [
    `best round of each way: Shoal ${fixed(of(shoal, throughput))} MB/s, raw ${fixed(of(raw, throughput))} MB/s, webtorrent ${fixed(of(wt, throughput))} MB/s`,
    `Shoal / raw: ${ratio(of(shoal, throughput), of(raw, throughput))} (goal ≥ 0.80×; after the first byte ${ratio(of(shoal, dataThroughput), of(raw, dataThroughput))})`,
    `Shoal / webtorrent: ${ratio(of(shoal, throughput), of(wt, throughput))} (goal ≥ 2×; after the first byte ${ratio(of(shoal, dataThroughput), of(wt, dataThroughput))})`,
    `set-up through the tracker (add → first peer): Shoal ${setup(shoal)} (goal < 1000 ms), webtorrent ${setup(wt)}; raw channel, signalling over IPC: ${setup(raw)}`,
  ];
}

async function prepare(cleanup: Cleanup): Promise<WayContext> {
  const root = await tempFolder(cleanup, 'transfer');
  const sourceDir = path.join(root, 'source');
  await mkdir(sourceDir);
  const file = path.join(sourceDir, `transfer-${MIB}-mib.bin`);
  await writeRandomFile(file, Math.round(MIB * 1024 * 1024));
  const torrent = await makeTorrent(file);
  await warm(file);
  return { torrent, sourceDir, timeoutMs: TIMEOUT_MS, chunkBytes: CHUNK_BYTES };
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const context = await prepare(cleanup);
    console.log(
      `transfer: ${MIB} MiB single-file torrent over one WebRTC connection on 127.0.0.1, ICE servers none, ` +
        `${ROUNDS} round(s), ways: ${CHOSEN.join(', ')}; raw writes ${CHUNK_BYTES / 1024} KiB chunks`,
    );
    console.log(machineLine());
    const rows: Row[] = [];
    for (let round = 1; round <= ROUNDS && !cleanup.interrupted; round++) {
      // Each round starts with another way, so no way always runs first or last.
      const order = CHOSEN.map((_, i) => CHOSEN[(i + round - 1) % CHOSEN.length]!);
      for (const way of order) {
        if (cleanup.interrupted) break;
        const loadStart = load();
        const result = await attempt(`round ${round} ${NAMES[way]}`, () => measureWay(way, cleanup, context));
        if (!result) continue;
        rows.push({ ...result, round, loadStart, loadEnd: load() });
        console.log(
          `round ${round} ${NAMES[way]}: ${fixed(throughput(result))} MB/s in ${fixed(result.totalMs / 1000, 2)} s`,
        );
      }
    }
    console.log(`\n${table(HEADER, rows.map(cells))}\n`);
    for (const line of summary(rows)) console.log(line);
  } finally {
    await cleanup.run();
  }
}

await main();
