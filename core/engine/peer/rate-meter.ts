/**
 * Bytes per second over a sliding window of one-second buckets. A peer's rate drives the choker and
 * the size of its request pipeline; a window of a few seconds follows changes without jitter.
 */
export class RateMeter {
  private readonly buckets: Float64Array;
  private head = 0;
  private headSecond = 0;
  private total = 0;

  constructor(private readonly windowSeconds = 5) {
    this.buckets = new Float64Array(windowSeconds);
  }

  add(bytes: number, now: number): void {
    this.advance(now);
    this.buckets[this.head]! += bytes;
    this.total += bytes;
  }

  /** Bytes per second over the window, counting the current partial second as a whole one. */
  rate(now: number): number {
    this.advance(now);
    let sum = 0;
    for (const b of this.buckets) sum += b;
    return sum / this.windowSeconds;
  }

  /** Every byte ever added. */
  get bytes(): number {
    return this.total;
  }

  private advance(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.headSecond) return;
    const steps = Math.min(this.windowSeconds, Math.max(0, second - this.headSecond));
    for (let i = 0; i < steps; i++) {
      this.head = (this.head + 1) % this.windowSeconds;
      this.buckets[this.head] = 0;
    }
    this.headSecond = second;
  }
}
