/**
 * npm run bench:ui — the web UI's torrent list with BENCH_TORRENTS (1,000) torrents, in headless
 * Chromium, in two modes one after the other in one run: "static" (no updates) and "live" (every
 * torrent gets new numbers every second: speeds, progress, peers). Both show the same torrents.
 *
 * The daemon is the real daemon server (HTTP API, events WebSocket, the built renderer) in a
 * process of its own, hosting a bench-only stand-in engine with synthetic torrents
 * (synthetic-engine.ts) that emits through the engine's real EventBus: 1,000 real transfers cannot
 * run beside the browser on 2 cores. Measured over each window: animation-frame intervals, the
 * frames that rendered an update, long tasks, the page's event handler, the page's main-thread
 * time, Chromium's CPU (renderer and all processes) and the daemon's CPU.
 *
 * Environment: BENCH_TORRENTS (1000), BENCH_UI_S (20, seconds measured per mode),
 * BENCH_UI_WARMUP_S (3), BENCH_UI_MODES (static,live), BENCH_CHROMIUM (/usr/bin/chromium),
 * BENCH_UI_SORT (a column header to click first, e.g. "Down", so that live rows reorder every second;
 * default none: the list's own order, newest first).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultUiDir } from '../../daemon/install-paths.js';
import { ChildPeer } from '../transfer/child-rpc.js';
import { Cleanup } from '../transfer/cleanup.js';
import { attempt, envList, envNumber, fixed, load, machineLine, ratio, table } from '../transfer/report.js';
import { ChromiumCpu, launchBenchChromium } from './chromium.js';
import { LONG_FRAME_MS } from './frame-stats.js';
import { measureMode, type Mode, type ModeResult } from './measure.js';

const MODES = ['static', 'live'] as const satisfies readonly Mode[];
const TORRENTS = Math.round(envNumber('BENCH_TORRENTS', 1000));
const WINDOW_S = envNumber('BENCH_UI_S', 20);
const WARMUP_S = envNumber('BENCH_UI_WARMUP_S', 3);
const CHOSEN = envList('BENCH_UI_MODES', MODES, MODES);
const SORT_BY = process.env.BENCH_UI_SORT || undefined;
/** What "responsive" means here: p95 frame within the long-frame budget, the daemon a small part of a core. */
const GOAL_DAEMON_PCT = 10;

const DAEMON_SCRIPT = fileURLToPath(new URL('./daemon-child.js', import.meta.url));

type Row = [label: string, pick: (r: ModeResult) => number, digits: number];

const ROWS: Row[] = [
  ['frames', (r) => r.page.frames.count, 0],
  ['frame median ms', (r) => r.page.frames.median, 1],
  ['frame p95 ms', (r) => r.page.frames.p95, 1],
  ['frame p99 ms', (r) => r.page.frames.p99, 1],
  ['frame max ms', (r) => r.page.frames.max, 1],
  [`long frames (> ${LONG_FRAME_MS} ms)`, (r) => r.page.frames.long, 0],
  ['update frames / s', (r) => r.updatesPerS, 2],
  ['update frame median ms', (r) => r.page.updateFrames.median, 1],
  ['update frame p95 ms', (r) => r.page.updateFrames.p95, 1],
  ['update frame max ms', (r) => r.page.updateFrames.max, 1],
  ['long tasks', (r) => r.page.longTasks.count, 0],
  ['long tasks total ms', (r) => r.page.longTasks.totalMs, 0],
  ['long task max ms', (r) => r.page.longTasks.max, 1],
  ['event messages / s', (r) => r.messagesPerS, 2],
  ['event handler median ms', (r) => r.page.messages.median, 1],
  ['event handler max ms', (r) => r.page.messages.max, 1],
  ['events KiB / s', (r) => r.page.messages.kibPerS, 0],
  ['page main thread % core', (r) => r.mainThread, 1],
  ['Chromium renderer % core', (r) => r.renderer, 1],
  ['Chromium, all processes % core', (r) => r.chromium, 1],
  ['daemon % core', (r) => r.daemon, 2],
  ['  of which stand-in % core', (r) => r.standIn, 2],
];

function report(results: ModeResult[]): string {
  const byMode = (m: Mode) => results.find((r) => r.mode === m);
  const [still, live] = [byMode('static'), byMode('live')];
  const shown = (r: ModeResult | undefined, row: Row) => {
    const value = r && row[1](r);
    return value === undefined || Number.isNaN(value) ? 'n/a' : fixed(value, row[2]);
  };
  const rows = ROWS.map((row) => {
    const [a, b] = [still && row[1](still), live && row[1](live)];
    const both = a !== undefined && b !== undefined && !Number.isNaN(a) && !Number.isNaN(b) && a > 0;
    return [row[0], shown(still, row), shown(live, row), both ? ratio(b, a) : 'n/a'];
  });
  rows.unshift(['load (1 min)', ...[still, live].map((r) => (r ? `${r.loadStart} → ${r.loadEnd}` : 'n/a')), '']);
  return table(['', 'static', 'live', 'live / static'], rows);
}

function verdict(live: ModeResult | undefined): string {
  if (!live) return 'live: not run';
  const ok = live.page.frames.p95 <= LONG_FRAME_MS && live.daemon < GOAL_DAEMON_PCT;
  return (
    `live: p95 frame ${fixed(live.page.frames.p95)} ms (goal ≤ ${LONG_FRAME_MS}), p95 update frame ` +
    `${fixed(live.page.updateFrames.p95)} ms, ${live.page.frames.long} long frames in ${fixed(live.windowS, 0)} s, ` +
    `daemon ${fixed(live.daemon, 2)} % of a core (goal < ${GOAL_DAEMON_PCT} %): ${ok ? 'responsive' : 'NOT responsive'}`
  );
}

async function main(): Promise<void> {
  if (!existsSync(path.join(defaultUiDir(), 'index.html'))) {
    throw new Error(`no built renderer in ${defaultUiDir()}: run npm run build first (npm run bench:ui does)`);
  }
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    const daemon = await ChildPeer.start(DAEMON_SCRIPT, [String(TORRENTS)], 'daemon');
    cleanup.add('stopping the daemon', () => daemon.stop());
    const browser = await launchBenchChromium();
    cleanup.add('closing Chromium', () => browser.close());
    const cpu = await ChromiumCpu.open(browser);
    const order = SORT_BY === undefined ? 'newest first' : `by ${SORT_BY}`;
    console.log(
      `ui: the torrent list of the web UI with ${TORRENTS} torrents (sorted ${order}), static (no updates) then ` +
        `live (every torrent changes every second), ${WARMUP_S} s settling then ${WINDOW_S} s measured each, ` +
        `one 1280×800 page in headless Chromium ${browser.version()}.`,
    );
    console.log(
      `The daemon is the real daemon server and events socket in a process of its own, hosting a bench-only ` +
        `stand-in engine with ${TORRENTS} synthetic torrents (no transfers) whose updates go through the ` +
        `engine's real EventBus.`,
    );
    console.log(`${machineLine()}; ${new Date().toISOString()}; load ${load()}`);
    const results: ModeResult[] = [];
    for (const mode of CHOSEN) {
      if (cleanup.interrupted) break;
      const run = { torrents: TORRENTS, warmupS: WARMUP_S, windowS: WINDOW_S, sortBy: SORT_BY, daemon, browser, cpu };
      const result = await attempt(mode, () => measureMode(mode, run));
      if (!result) continue;
      results.push(result);
      console.log(
        `${mode}: p95 frame ${fixed(result.page.frames.p95)} ms, daemon ${fixed(result.daemon, 2)} % of a core`,
      );
    }
    console.log(`\n${report(results)}\n`);
    console.log(verdict(results.find((r) => r.mode === 'live')));
  } finally {
    await cleanup.run();
  }
}

await main();
