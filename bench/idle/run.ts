/**
 * npm run bench:idle — 100 small torrents seeding with no leecher, Shoal (one Session process)
 * against webtorrent (one client process) seeding the same 100 torrents through the same Shoal
 * tracker, one after the other in one run (at the same time, each would be the other's peer in
 * every swarm). Over the idle window: CPU seconds (the process's own process.cpuUsage), RSS at
 * the end, and RTCPeerConnections open (sampled every second: mean, most, at the end). Shoal counts
 * its transport's openConnections; webtorrent's are counted in webtorrent-peer.ts; the UDP sockets
 * of each process (one per live RTCPeerConnection) check both counts from outside.
 *
 * The tracker tells clients to re-announce every 30 s (BENCH_WS_INTERVAL), so that the window
 * holds re-announces of every torrent rather than only timers.
 *
 * Environment: BENCH_TORRENTS (100), BENCH_IDLE_S (60), BENCH_FILE_KIB (largest file, 64),
 * BENCH_WS_INTERVAL (30, seconds, at least 10), BENCH_CLIENTS (shoal,webtorrent).
 */
import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Cleanup, tempFolder } from '../transfer/cleanup.js';
import {
  makeTorrent,
  startBenchTracker,
  writeRandomFile,
  type BenchTorrent,
  type BenchTracker,
} from '../transfer/fixtures.js';
import type { ChildPeer } from '../transfer/child-rpc.js';
import type { PeerStats } from '../transfer/peer-api.js';
import { startPeer, type PeerKind } from '../transfer/peers.js';
import { udpSockets } from '../transfer/sockets.js';
import { attempt, cpuSeconds, envList, envNumber, fixed, load, machineLine, ratio, table } from '../transfer/report.js';

const CLIENTS = ['shoal', 'webtorrent'] as const satisfies readonly PeerKind[];
const TORRENTS = Math.round(envNumber('BENCH_TORRENTS', 100));
const IDLE_S = envNumber('BENCH_IDLE_S', 60);
const FILE_BYTES = Math.round(envNumber('BENCH_FILE_KIB', 64) * 1024);
const WS_INTERVAL_S = Math.round(envNumber('BENCH_WS_INTERVAL', 30));
const CHOSEN = envList('BENCH_CLIENTS', CLIENTS, CLIENTS);
const SAMPLE_MS = 1000;
const SEED_TIMEOUT_MS = 120_000;

interface IdleRow {
  client: PeerKind;
  loadStart: string;
  loadEnd: string;
  cpuSeconds: number;
  windowSeconds: number;
  rss: number;
  rtc: { mean: number; max: number; end: number };
  /** The same seen from outside the client: UDP sockets of the process (null off Linux). */
  udp: { max: number | null; end: number | null };
}

/** Files of 1 KiB to FILE_BYTES, random sizes and bytes, and their torrents. */
async function makeTorrents(sourceDir: string): Promise<BenchTorrent[]> {
  const torrents: BenchTorrent[] = [];
  for (let i = 0; i < TORRENTS; i++) {
    const file = path.join(sourceDir, `idle-${String(i).padStart(3, '0')}.bin`);
    await writeRandomFile(file, randomInt(1024, Math.max(FILE_BYTES, 1025)));
    torrents.push(await makeTorrent(file));
  }
  return torrents;
}

interface Sample {
  stats: PeerStats;
  udp: number | undefined;
}

/** The client's own figures, and its UDP sockets read from outside it. */
async function sample(peer: ChildPeer): Promise<Sample> {
  const [stats, udp] = await Promise.all([peer.call<PeerStats>('stats'), udpSockets(peer.pid)]);
  return { stats, udp };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One client seeds every torrent, then sits idle for IDLE_S while it is sampled. */
async function idle(client: PeerKind, cleanup: Cleanup, tracker: BenchTracker, context: Context): Promise<IdleRow> {
  const scope = cleanup.scope(`the ${client} run`);
  try {
    const peer = await startPeer(client, scope, context.folder, client, { tracker: tracker.url });
    await Promise.all(
      context.torrents.map((t) =>
        peer.call(
          'seed',
          { torrent: t.torrent, savePath: context.sourceDir, timeoutMs: SEED_TIMEOUT_MS },
          SEED_TIMEOUT_MS + 5000,
        ),
      ),
    );
    const loadStart = load();
    const first = await sample(peer);
    const t0 = performance.now();
    const samples: Sample[] = [];
    while (performance.now() - t0 < IDLE_S * 1000) {
      await sleep(Math.min(SAMPLE_MS, IDLE_S * 1000 - (performance.now() - t0)));
      samples.push(await sample(peer));
    }
    const last = samples.at(-1) ?? first;
    return {
      client,
      loadStart,
      loadEnd: load(),
      cpuSeconds: cpuSeconds(first.stats.cpu, last.stats.cpu),
      windowSeconds: (performance.now() - t0) / 1000,
      rss: last.stats.rss,
      rtc: {
        mean: samples.reduce((sum, s) => sum + s.stats.rtcOpen, 0) / Math.max(samples.length, 1),
        max: Math.max(0, ...samples.map((s) => s.stats.rtcOpen)),
        end: last.stats.rtcOpen,
      },
      udp: {
        max: last.udp === undefined ? null : Math.max(0, ...samples.map((s) => s.udp ?? 0)),
        end: last.udp ?? null,
      },
    };
  } finally {
    await scope.run();
  }
}

interface Context {
  folder: string;
  sourceDir: string;
  torrents: BenchTorrent[];
}

const NAMES: Record<PeerKind, string> = { shoal: 'Shoal', webtorrent: 'webtorrent' };
const HEADER = [
  'client',
  'load',
  'CPU s',
  '% of a core',
  'RSS MiB',
  'RTC open mean',
  'RTC open max',
  'RTC open end',
  'UDP sockets max',
  'UDP sockets end',
];

function cells(r: IdleRow): string[] {
  return [
    NAMES[r.client],
    `${r.loadStart} → ${r.loadEnd}`,
    fixed(r.cpuSeconds, 2),
    fixed((100 * r.cpuSeconds) / r.windowSeconds, 2),
    fixed(r.rss / 1024 ** 2),
    fixed(r.rtc.mean, 1),
    String(r.rtc.max),
    String(r.rtc.end),
    String(r.udp.max ?? 'n/a'),
    String(r.udp.end ?? 'n/a'),
  ];
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const folder = await tempFolder(cleanup, 'idle');
    const sourceDir = path.join(folder, 'source');
    await mkdir(sourceDir);
    const torrents = await makeTorrents(sourceDir);
    const tracker = await startBenchTracker(WS_INTERVAL_S);
    cleanup.add('closing the tracker', () => tracker.close());
    console.log(
      `idle: ${TORRENTS} single-file torrents (1 KiB – ${FILE_BYTES / 1024} KiB) seeding with no leecher, ` +
        `${IDLE_S} s each, one client after the other through one Shoal tracker (re-announce every ${WS_INTERVAL_S} s), 127.0.0.1`,
    );
    console.log(machineLine());
    const rows: IdleRow[] = [];
    for (const client of CHOSEN) {
      if (cleanup.interrupted) break;
      const row = await attempt(NAMES[client], () => idle(client, cleanup, tracker, { folder, sourceDir, torrents }));
      if (!row) continue;
      rows.push(row);
      console.log(`${NAMES[client]}: ${fixed(row.cpuSeconds, 2)} CPU s over ${IDLE_S} s`);
    }
    console.log(`\n${table(HEADER, rows.map(cells))}\n`);
    const [shoal, wt] = (['shoal', 'webtorrent'] as const).map((c) => rows.find((r) => r.client === c));
    console.log(
      `Shoal: ${shoal ? `${fixed((100 * shoal.cpuSeconds) / shoal.windowSeconds, 2)} % of a core (goal < 1 %), ` + `RTCPeerConnections at most ${shoal.rtc.max} (goal 0)` : 'not run'}; ` +
        `RSS Shoal / webtorrent: ${ratio(shoal?.rss, wt?.rss)} (goal ≤ 0.50×); CPU Shoal / webtorrent: ${ratio(shoal?.cpuSeconds, wt?.cpuSeconds)}`,
    );
  } finally {
    await cleanup.run();
  }
}

await main();
