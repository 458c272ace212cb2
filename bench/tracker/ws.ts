import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * WebSocket tracker benchmark: the same closed-loop signalling load (1,000 sockets, 5–10 offers
 * per announce, every offer answered) against Shoal's tracker and bittorrent-tracker, each alone in
 * a server process, the load in a third. Reports messages delivered to the clients per second and
 * per second of tracker CPU, and the ratios.
 */
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const SWARMS = Number(process.env.BENCH_SWARMS ?? 10);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

interface Counts {
  replies: number;
  offers: number;
  answers: number;
  failures: number;
  other: number;
}

interface Result {
  tracker: string;
  delivered: number;
  perSecond: number;
  cpuSeconds: number;
  perCpuSecond: number;
  loadCpuSeconds: number;
  counts: Counts;
}

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${key}: child exited with ${code}`)));
  });
}

async function measure(tracker: 'shoal' | 'reference'): Promise<Result> {
  const server = fork(here('./ws-server.js'), [tracker], {
    stdio: 'inherit',
    execArgv: (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  });
  try {
    const { port } = await nextMessage<{ port: number }>(server, 'port');
    const load = fork(
      here('./ws-load.js'),
      [`ws://127.0.0.1:${port}`, String(SOCKETS), String(SWARMS), String(WARMUP_MS), String(DURATION_MS)],
      {
        stdio: 'inherit',
      },
    );
    const watchdog = setTimeout(
      () => {
        console.error(`${tracker}: run stuck, stopping it`);
        load.kill();
      },
      WARMUP_MS + DURATION_MS + 60_000,
    );
    await nextMessage(load, 'phase');
    server.send('cpu');
    const before = await nextMessage<{ cpuMicros: number }>(server, 'cpuMicros');
    const { counts, loadCpuSeconds } = await nextMessage<{ counts: Counts; loadCpuSeconds: number }>(load, 'counts');
    server.send('cpu');
    const after = await nextMessage<{ cpuMicros: number }>(server, 'cpuMicros');
    clearTimeout(watchdog);
    const delivered = counts.replies + counts.offers + counts.answers;
    const cpuSeconds = (after.cpuMicros - before.cpuMicros) / 1e6;
    return {
      tracker,
      delivered,
      perSecond: delivered / (DURATION_MS / 1000),
      cpuSeconds,
      perCpuSecond: delivered / cpuSeconds,
      loadCpuSeconds,
      counts,
    };
  } finally {
    server.kill();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `WebSocket tracker: ${SOCKETS} sockets in ${SWARMS} swarms, 5–10 offers per announce, ${DURATION_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up`,
);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
const NAMES = { shoal: 'Shoal', reference: 'bittorrent-tracker' } as const;
const runs: Record<keyof typeof NAMES, Result[]> = { shoal: [], reference: [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const tracker of ['shoal', 'reference'] as const) {
    const r = await measure(tracker);
    runs[tracker].push(r);
    console.log(
      `round ${round}  ${NAMES[tracker].padEnd(20)} ${fmt(r.perSecond).padStart(8)} msg/s delivered  ${fmt(r.perCpuSecond).padStart(8)} msg per tracker CPU-s  ` +
        `(replies ${fmt(r.counts.replies)}, offers ${fmt(r.counts.offers)}, answers ${fmt(r.counts.answers)}, failures ${fmt(r.counts.failures)}; CPU: tracker ${r.cpuSeconds.toFixed(1)} s, load ${r.loadCpuSeconds.toFixed(1)} s)`,
    );
  }
}
/** The least disturbed run of each: on a shared machine, other work only ever slows a run down. */
const best = (tracker: keyof typeof NAMES, key: 'perSecond' | 'perCpuSecond') =>
  Math.max(...runs[tracker].map((r) => r[key]));
console.log(
  `best of ${ROUNDS}: Shoal ${fmt(best('shoal', 'perSecond'))} msg/s, bittorrent-tracker ${fmt(best('reference', 'perSecond'))} msg/s; ` +
    `ratio ${(best('shoal', 'perSecond') / best('reference', 'perSecond')).toFixed(2)}× messages per second, ` +
    `${(best('shoal', 'perCpuSecond') / best('reference', 'perCpuSecond')).toFixed(2)}× messages per tracker CPU-second`,
);
