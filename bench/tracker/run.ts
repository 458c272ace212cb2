import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runHttpBench } from './http.js';

/**
 * `npm run bench:tracker`: HTTP announces/s against the anchors, RSS per peer (in a child with
 * --expose-gc, so the HTTP runs leave nothing behind), then the WebSocket bench if present.
 */
const ROOT = resolve(import.meta.dirname, '../../..');

console.log(`tracker HTTP bench (wrk -t1 -c64, ${process.env.BENCH_DURATION ?? '10s'} per run)`);
for (const { torrents, rates } of await runHttpBench()) {
  const shoal = rates.shoal!;
  console.log(
    `  ${torrents} torrents: shoal/opentracker ${(shoal / rates.opentracker!).toFixed(2)}×, shoal/bittorrent-tracker ${(shoal / rates['bittorrent-tracker']!).toFixed(2)}×`,
  );
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
