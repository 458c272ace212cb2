import type { ProbeResult } from './page-probe.js';

/** The figures bench:ui reports of one window in the page, from the probe's raw timestamps. */

/** A frame this long is a visible stutter (the RAIL model's 50 ms budget for answering input). */
export const LONG_FRAME_MS = 50;

export interface Spread {
  count: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PageFigures {
  /** Time between consecutive animation frames, every frame of the window. */
  frames: Spread & { long: number };
  /** Only the frames in which the list's DOM changed: what an update costs on screen. */
  updateFrames: Spread;
  longTasks: { count: number; totalMs: number; max: number };
  /** The events-socket handler (parse, schema check, store), per message. */
  messages: Spread & { kibPerS: number };
}

/** Nearest-rank percentile of an ascending list; NaN for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Frame i lasts from frames[i] to frames[i + 1]; the index of the frame holding `t`, or -1. */
function frameAt(frames: readonly number[], t: number): number {
  let lo = 0;
  let hi = frames.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < frames[mid]!) hi = mid - 1;
    else if (t >= frames[mid + 1]!) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function pageFigures(probe: ProbeResult): PageFigures {
  const deltas = probe.frames.slice(1).map((t, i) => t - probe.frames[i]!);
  const updated = new Set(probe.updates.map((t) => frameAt(probe.frames, t)).filter((i) => i >= 0));
  const chars = probe.messages.reduce((sum, m) => sum + m.chars, 0);
  return {
    frames: { ...spread(deltas), long: deltas.filter((d) => d > LONG_FRAME_MS).length },
    updateFrames: spread([...updated].map((i) => deltas[i]!)),
    longTasks: {
      count: probe.longTasks.length,
      totalMs: probe.longTasks.reduce((sum, d) => sum + d, 0),
      max: Math.max(0, ...probe.longTasks),
    },
    // JSON text of ASCII names: characters are bytes.
    messages: { ...spread(probe.messages.map((m) => m.ms)), kibPerS: chars / 1024 / (probe.windowMs / 1000) },
  };
}
