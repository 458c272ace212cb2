import { CodedError } from '../../protocol/errors.js';
import { BLOCK_SIZE } from '../../protocol/pieces.js';

/** A rate, burst or amount that is not a usable number. Codes: 'bad-rate', 'bad-burst', 'bad-amount'. */
export class RateLimitError extends CodedError {}

const DEFAULT_BURST_SECONDS = 1;

/**
 * A token bucket: tokens flow in at the rate, up to burstSeconds' worth, and every byte sent or
 * asked for takes one. The bucket always holds at least one block, so a whole block can pass
 * however low the rate, and the long-run rate is still the setting. null means unlimited.
 */
export class RateLimiter {
  private rate: number | null = null;
  private capacity = 0;
  private tokens = 0;
  private updatedAt: number | undefined;
  private readonly burstSeconds: number;

  constructor(bytesPerSecond: number | null, options: { burstSeconds?: number } = {}) {
    const burst = options.burstSeconds ?? DEFAULT_BURST_SECONDS;
    if (!(burst > 0) || !Number.isFinite(burst)) {
      throw new RateLimitError('bad-burst', `burst of ${burst} seconds is not a positive number`);
    }
    this.burstSeconds = burst;
    this.apply(bytesPerSecond);
  }

  /** Changes the rate while running; tokens gathered so far are kept (up to the new bucket size). */
  setRate(bytesPerSecond: number | null, now: number): void {
    const wasUnlimited = this.rate === null;
    this.refill(now);
    this.apply(bytesPerSecond);
    this.tokens = wasUnlimited ? this.capacity : Math.min(this.tokens, this.capacity);
  }

  /** Bytes that may go now without waiting (Infinity when unlimited). */
  available(now: number): number {
    if (this.rate === null) return Infinity;
    this.refill(now);
    return Math.floor(this.tokens);
  }

  /** Takes up to `want` bytes now; returns how many may go now (0 … want). */
  take(want: number, now: number): number {
    checkAmount(want);
    if (this.rate === null) return Math.floor(want);
    const n = Math.min(Math.floor(want), this.available(now));
    this.tokens -= n;
    return n;
  }

  /**
   * When `bytes` more will be available (ms from now), for scheduling a wake-up; 0 if now. Capped
   * at what the bucket holds, so waiting always ends in progress.
   */
  delayFor(bytes: number, now: number): number {
    checkAmount(bytes);
    if (this.rate === null) return 0;
    this.refill(now);
    const missing = Math.min(bytes, this.capacity) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.rate);
  }

  private apply(bytesPerSecond: number | null): void {
    if (bytesPerSecond !== null && (!(bytesPerSecond > 0) || !Number.isFinite(bytesPerSecond))) {
      throw new RateLimitError('bad-rate', `rate ${bytesPerSecond} bytes/s is not a positive number (null: unlimited)`);
    }
    this.rate = bytesPerSecond;
    this.capacity = bytesPerSecond === null ? 0 : Math.max(BLOCK_SIZE, bytesPerSecond * this.burstSeconds);
    if (this.updatedAt === undefined) this.tokens = this.capacity;
  }

  private refill(now: number): void {
    if (this.rate !== null && this.updatedAt !== undefined && now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.rate) / 1000);
    }
    // A clock that steps back just restarts the accounting from there.
    this.updatedAt = now;
  }
}

/** A torrent's limiter plus the session's: a transfer takes the same amount from every one. */
export class LimiterChain {
  constructor(private readonly limiters: readonly RateLimiter[]) {}

  /** Takes up to `want` bytes from all limiters at once: the least any of them allows. */
  take(want: number, now: number): number {
    checkAmount(want);
    let n = Math.floor(want);
    for (const limiter of this.limiters) n = Math.min(n, limiter.available(now));
    for (const limiter of this.limiters) limiter.take(n, now);
    return n;
  }

  /** Bytes every limiter would let go now (Infinity when none limits). */
  available(now: number): number {
    let n = Infinity;
    for (const limiter of this.limiters) n = Math.min(n, limiter.available(now));
    return n;
  }

  /** When every limiter has `bytes` (ms from now); 0 if now. */
  delayFor(bytes: number, now: number): number {
    checkAmount(bytes);
    let wait = 0;
    for (const limiter of this.limiters) wait = Math.max(wait, limiter.delayFor(bytes, now));
    return wait;
  }
}

function checkAmount(bytes: number): void {
  if (!(bytes >= 0) || !Number.isFinite(bytes)) {
    throw new RateLimitError('bad-amount', `amount of ${bytes} bytes is not a non-negative number`);
  }
}
