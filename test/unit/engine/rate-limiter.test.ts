import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE } from '../../../core/protocol/pieces.js';
import { LimiterChain, RateLimiter } from '../../../core/engine/session/rate-limiter.js';

interface Taker {
  take(want: number, now: number): number;
  delayFor(bytes: number, now: number): number;
}

/**
 * A sender that wants `chunk` bytes at a time and, when refused, sleeps exactly as long as delayFor
 * says: the way the engine uses a limiter. Returns the bytes sent in [from, to).
 */
function run(limiter: Taker, from: number, to: number, chunk = BLOCK_SIZE): number {
  let sent = 0;
  let now = from;
  for (let steps = 0; now < to && steps < 1_000_000; steps++) {
    const got = limiter.take(chunk, now);
    sent += got;
    if (got < chunk) now += Math.max(1, limiter.delayFor(chunk, now));
  }
  return sent;
}

describe('RateLimiter', () => {
  it('holds the long-run rate within a few per cent of the setting', () => {
    for (const rate of [1_000, 20_000, 100_000, 5_000_000]) {
      const limiter = new RateLimiter(rate);
      // The bucket starts full and holds at least a block: a slow rate needs longer to average out.
      const seconds = rate < BLOCK_SIZE ? 2000 : 100;
      const sent = run(limiter, 0, seconds * 1000);
      expect(Math.abs(sent / seconds - rate) / rate).toBeLessThan(0.03);
    }
  });

  it('follows a rate change mid-way', () => {
    const limiter = new RateLimiter(50_000);
    const first = run(limiter, 0, 60_000);
    limiter.setRate(200_000, 60_000);
    const second = run(limiter, 60_000, 120_000);
    limiter.setRate(10_000, 120_000);
    const third = run(limiter, 120_000, 180_000);
    expect(first / 60).toBeGreaterThan(50_000 * 0.97);
    expect(first / 60).toBeLessThan(50_000 * 1.03);
    expect(second / 60).toBeGreaterThan(200_000 * 0.97);
    expect(second / 60).toBeLessThan(200_000 * 1.03);
    expect(third / 60).toBeGreaterThan(10_000 * 0.97);
    expect(third / 60).toBeLessThan(10_000 * 1.03);
  });

  it('saves up at most burstSeconds of the rate while idle', () => {
    const limiter = new RateLimiter(100_000, { burstSeconds: 3 });
    expect(limiter.take(1e9, 0)).toBe(300_000);
    expect(limiter.take(1e9, 100_000)).toBe(300_000);
    const small = new RateLimiter(10_000);
    small.take(1e9, 0);
    expect(small.take(1e9, 100_000)).toBe(BLOCK_SIZE);
  });

  it('keeps what was gathered at the old rate when the rate changes, and no more', () => {
    const limiter = new RateLimiter(100_000);
    limiter.take(1e9, 0);
    limiter.setRate(200_000, 100);
    expect(limiter.take(1e9, 100)).toBe(10_000);
    expect(limiter.take(1e9, 150)).toBe(10_000);
    limiter.setRate(20_000, 5000);
    expect(limiter.take(1e9, 5000)).toBe(20_000);
  });

  it('with null lets everything through and never asks to wait', () => {
    const limiter = new RateLimiter(null);
    expect(limiter.take(1e12, 0)).toBe(1e12);
    expect(limiter.delayFor(1e12, 0)).toBe(0);
    expect(limiter.available(0)).toBe(Infinity);
    limiter.setRate(10_000, 0);
    expect(limiter.take(1e6, 0)).toBe(BLOCK_SIZE);
    limiter.setRate(null, 5);
    expect(limiter.take(1e6, 5)).toBe(1e6);
  });

  it('says how long to wait, and the bytes are there after that wait', () => {
    const limiter = new RateLimiter(100_000);
    expect(limiter.take(100_000, 0)).toBe(100_000);
    expect(limiter.take(1, 0)).toBe(0);
    const wait = limiter.delayFor(BLOCK_SIZE, 0);
    expect(wait).toBe(Math.ceil((BLOCK_SIZE * 1000) / 100_000));
    expect(limiter.available(wait - 1)).toBeLessThan(BLOCK_SIZE);
    expect(limiter.delayFor(BLOCK_SIZE, wait)).toBe(0);
    expect(limiter.take(BLOCK_SIZE, wait)).toBe(BLOCK_SIZE);
  });

  it('always lets a whole block through in the end, however low the rate', () => {
    const limiter = new RateLimiter(100);
    expect(limiter.take(BLOCK_SIZE, 0)).toBe(BLOCK_SIZE);
    const wait = limiter.delayFor(BLOCK_SIZE, 0);
    expect(wait).toBe(Math.ceil((BLOCK_SIZE * 1000) / 100));
    expect(limiter.take(BLOCK_SIZE, wait)).toBe(BLOCK_SIZE);
    // Asking for more than the bucket holds waits only until the bucket is full.
    expect(limiter.delayFor(10 * BLOCK_SIZE, wait)).toBe(wait);
  });

  it('never gives more than the bucket plus the rate over any sequence of takes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.tuple(fc.nat(5000), fc.nat(200_000)), { maxLength: 200, size: 'max' }),
        (rate, takes) => {
          const limiter = new RateLimiter(rate);
          let now = 0;
          let sent = 0;
          for (const [dt, want] of takes) {
            now += dt;
            const got = limiter.take(want, now);
            expect(got).toBeGreaterThanOrEqual(0);
            expect(got).toBeLessThanOrEqual(want);
            sent += got;
          }
          expect(sent).toBeLessThanOrEqual(Math.max(BLOCK_SIZE, rate) + (rate * now) / 1000 + 1);
        },
      ),
    );
  });

  it('survives a clock that steps back', () => {
    const limiter = new RateLimiter(10_000);
    limiter.take(1e9, 5000);
    expect(limiter.take(1e9, 1000)).toBe(0);
    expect(limiter.take(1e9, 2000)).toBe(10_000);
  });

  it('refuses bad rates, bursts and amounts with typed errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => new RateLimiter(0))).toBe('bad-rate');
    expect(code(() => new RateLimiter(-5))).toBe('bad-rate');
    expect(code(() => new RateLimiter(Number.NaN))).toBe('bad-rate');
    expect(code(() => new RateLimiter(Infinity))).toBe('bad-rate');
    expect(code(() => new RateLimiter(1000, { burstSeconds: 0 }))).toBe('bad-burst');
    const limiter = new RateLimiter(1000);
    expect(code(() => limiter.setRate(0, 0))).toBe('bad-rate');
    expect(code(() => limiter.take(-1, 0))).toBe('bad-amount');
    expect(code(() => limiter.take(Number.NaN, 0))).toBe('bad-amount');
    expect(code(() => limiter.delayFor(-1, 0))).toBe('bad-amount');
    expect(code(() => new LimiterChain([limiter]).take(-1, 0))).toBe('bad-amount');
  });
});

describe('LimiterChain', () => {
  it('runs at the slowest limiter of the chain', () => {
    for (const [t, s] of [
      [80_000, 30_000],
      [30_000, 80_000],
    ] as const) {
      const chain = new LimiterChain([new RateLimiter(t), new RateLimiter(s)]);
      const sent = run(chain, 0, 100_000);
      expect(Math.abs(sent / 100 - 30_000) / 30_000).toBeLessThan(0.03);
    }
  });

  it('takes the same amount from every limiter: the least any of them has', () => {
    const torrent = new RateLimiter(20_000);
    const session = new RateLimiter(50_000);
    const chain = new LimiterChain([torrent, session]);
    expect(chain.take(30_000, 0)).toBe(20_000);
    expect(torrent.available(0)).toBe(0);
    expect(session.available(0)).toBe(30_000);
    expect(chain.take(30_000, 0)).toBe(0);
    expect(session.available(0)).toBe(30_000);
  });

  it('caps the sum of torrents at the session limit', () => {
    const session = new RateLimiter(40_000);
    const a = new LimiterChain([new RateLimiter(null), session]);
    const b = new LimiterChain([new RateLimiter(100_000), session]);
    let sentA = 0;
    let sentB = 0;
    for (let now = 0; now < 100_000; now += 10) {
      sentA += a.take(2000, now);
      sentB += b.take(2000, now);
    }
    expect(Math.abs((sentA + sentB) / 100 - 40_000) / 40_000).toBeLessThan(0.03);
  });

  it('waits for the limiter that needs longest, and an empty chain is unlimited', () => {
    const slow = new RateLimiter(1000);
    const fast = new RateLimiter(1_000_000);
    const chain = new LimiterChain([fast, slow]);
    chain.take(1e9, 0);
    expect(chain.delayFor(500, 0)).toBe(slow.delayFor(500, 0));
    expect(chain.delayFor(500, 0)).toBe(500);
    expect(new LimiterChain([]).take(123, 0)).toBe(123);
    expect(new LimiterChain([]).delayFor(123, 0)).toBe(0);
  });
});
