/** Recent speeds of each torrent, for the details' graph. */

export interface SpeedSample {
  at: number;
  down: number;
  up: number;
}

export const HISTORY_MS = 5 * 60_000;

/**
 * Samples from 'torrent:progress' events. The engine sends a torrent's numbers only when they
 * change, so the last sample holds until the next one: `series` carries it forward to now.
 */
export class SpeedHistory {
  private readonly byHash = new Map<string, SpeedSample[]>();

  constructor(private readonly keepMs = HISTORY_MS) {}

  record(infoHash: string, sample: SpeedSample): void {
    let list = this.byHash.get(infoHash);
    if (!list) this.byHash.set(infoHash, (list = []));
    list.push(sample);
    const cutoff = sample.at - this.keepMs;
    // Keep one sample older than the window: it says what the speed was when the window opens.
    let drop = 0;
    while (drop + 1 < list.length && list[drop + 1]!.at <= cutoff) drop++;
    if (drop > 0) list.splice(0, drop);
  }

  forget(infoHash: string): void {
    this.byHash.delete(infoHash);
  }

  /** The samples of the last `windowMs` before `now`, the one in force at the window's start first, and one at `now`. */
  series(infoHash: string, now: number, windowMs = this.keepMs): SpeedSample[] {
    const list = this.byHash.get(infoHash) ?? [];
    const start = now - windowMs;
    const out: SpeedSample[] = [];
    for (const s of list) {
      if (s.at > now) break;
      if (s.at <= start) out[0] = { ...s, at: start };
      else out.push(s);
    }
    const last = out.at(-1);
    if (last && last.at < now) out.push({ ...last, at: now });
    return out;
  }
}

export interface GraphBox {
  width: number;
  height: number;
}

const NICE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1024];

/** The top of the graph: the largest speed rounded up to 1, 2 or 5 × a power of ten of a binary unit (as formatBytes shows it); at least 1 KiB/s. */
export function graphScale(series: readonly SpeedSample[]): number {
  const peak = Math.max(1024, ...series.map((s) => Math.max(s.down, s.up)));
  const unit = 1024 ** Math.floor(Math.log(peak) / Math.log(1024));
  return NICE_STEPS.find((step) => step * unit >= peak)! * unit;
}

/** SVG polyline points of one speed as a step line over [now - windowMs, now]. */
export function stepPoints(
  series: readonly SpeedSample[],
  pick: (s: SpeedSample) => number,
  now: number,
  windowMs: number,
  scale: number,
  box: GraphBox,
): string {
  const x = (at: number) => ((at - (now - windowMs)) / windowMs) * box.width;
  const y = (v: number) => box.height - (Math.min(v, scale) / scale) * box.height;
  const points: string[] = [];
  let previous: number | undefined;
  for (const s of series) {
    const px = x(s.at).toFixed(1);
    if (previous !== undefined) points.push(`${px},${y(previous).toFixed(1)}`);
    points.push(`${px},${y(pick(s)).toFixed(1)}`);
    previous = pick(s);
  }
  return points.join(' ');
}
