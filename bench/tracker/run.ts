import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runHttpBench, type HttpRun } from './http.js';

/**
 * `npm run bench:tracker`: HTTP announces/s against the anchors (the median of the per-round
 * ratios: a round's runs are seconds apart, so they share the machine's load), RSS per peer (in a
 * child with --expose-gc, so the HTTP runs leave nothing behind), then the WebSocket bench if present.
 */
const ROOT = resolve(import.meta.dirname, '../../..');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
console.log(
  `tracker HTTP bench (wrk -t1 -c64, ${process.env.BENCH_DURATION ?? '10s'} per run, ${ROUNDS} alternating rounds)`,
);
for (const { torrents, rounds } of await runHttpBench([5000], ROUNDS)) {
  const ratios = (of: string) => rounds.map((runs) => rate(runs, 'shoal') / rate(runs, of)).sort((a, b) => a - b);
  const show = (of: string) => {
    const r = ratios(of);
    return `median ${r[Math.floor(r.length / 2)]!.toFixed(2)}× (rounds ${r.map((x) => x.toFixed(2)).join(', ')})`;
  };
  console.log(`  ${torrents} torrents: shoal/opentracker ${show('opentracker')}`);
  console.log(`  ${torrents} torrents: shoal/bare node:http ${show('bare node:http')}`);
}

console.log('tracker memory bench (1,000,000 peers over 100,000 torrents)');
const memory = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist/bench/tracker/memory-main.js')], {
  stdio: 'inherit',
});
if (memory.status !== 0) process.exitCode = 1;

const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
if (scripts['bench:tracker-ws']) {
  const ws = spawnSync('npm', ['run', 'bench:tracker-ws'], { stdio: 'inherit', cwd: ROOT });
  if (ws.status !== 0) process.exitCode = 1;
}

function rate(runs: HttpRun[], name: string): number {
  return runs.find((r) => r.name === name)!.rate;
}
