import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, randomId } from '../../renderer/src/model/bytes.js';
import { categoryName } from '../../renderer/src/model/categories.js';
import { countPieces, hasPiece, pieceBins } from '../../renderer/src/model/pieces.js';
import { graphScale, SpeedHistory, stepPoints } from '../../renderer/src/model/speed-history.js';

describe('renderer bytes', () => {
  it('round-trips any bytes through base64 as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const text = bytesToBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64ToBytes(text)).toEqual(bytes);
      }),
      { numRuns: 30 },
    );
  });

  it('makes distinct random ids of hex text', () => {
    const a = randomId();
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(randomId()).not.toBe(a);
  });
});

describe('renderer piece map', () => {
  // Pieces 0, 2 and 9 of 10 (high bit first).
  const have = new Uint8Array([0b1010_0000, 0b0100_0000]);

  it('reads the bitfield high bit first', () => {
    expect([...Array(10).keys()].filter((i) => hasPiece(have, i))).toEqual([0, 2, 9]);
    expect(countPieces(have, 10)).toBe(3);
    expect(hasPiece(have, 100)).toBe(false);
  });

  it('gives one bin per piece when there are few, shares of runs when there are many', () => {
    expect([...pieceBins(have, 10, 800)]).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect([...pieceBins(have, 10, 2)]).toEqual([0.4, 0.2].map(Math.fround));
    expect(pieceBins(have, 0, 800)).toHaveLength(0);
  });

  it('covers every piece exactly once, whatever the bin count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 900 }), (bits, bins) => {
        const count = bits.length * 8;
        const shares = pieceBins(bits, count, bins);
        const n = shares.length;
        let present = 0;
        for (let b = 0; b < n; b++)
          present += shares[b]! * (Math.floor(((b + 1) * count) / n) - Math.floor((b * count) / n));
        expect(Math.round(present)).toBe(countPieces(bits, count));
      }),
    );
  });
});

describe('renderer speed graph', () => {
  it('carries the last sample forward to now and starts the window with the speed then in force', () => {
    const h = new SpeedHistory(60_000);
    h.record('x', { at: 1000, down: 10, up: 1 });
    h.record('x', { at: 5000, down: 20, up: 2 });
    expect(h.series('x', 9000, 6000)).toEqual([
      { at: 3000, down: 10, up: 1 },
      { at: 5000, down: 20, up: 2 },
      { at: 9000, down: 20, up: 2 },
    ]);
    expect(h.series('nothing', 9000)).toEqual([]);
    h.forget('x');
    expect(h.series('x', 9000)).toEqual([]);
  });

  it('drops samples older than it keeps, but the one in force at the window start', () => {
    const h = new SpeedHistory(10_000);
    for (let at = 0; at <= 100_000; at += 1000) h.record('x', { at, down: at, up: 0 });
    const series = h.series('x', 100_000, 10_000);
    expect(series[0]).toEqual({ at: 90_000, down: 90_000, up: 0 });
    expect(series).toHaveLength(11);
  });

  it('scales to 1, 2 or 5 times a power of ten of KiB/s, MiB/s, …, at least 1 KiB/s', () => {
    const MiB = 1024 * 1024;
    expect(graphScale([])).toBe(1024);
    expect(graphScale([{ at: 0, down: 1025, up: 0 }])).toBe(2048);
    expect(graphScale([{ at: 0, down: 3.4 * MiB, up: 10 }])).toBe(5 * MiB);
    expect(graphScale([{ at: 0, down: 10, up: 600 * 1024 }])).toBe(1024 * 1024);
    expect(graphScale([{ at: 0, down: 150 * MiB, up: 0 }])).toBe(200 * MiB);
  });

  it('draws a step line in the box', () => {
    const points = stepPoints(
      [
        { at: 0, down: 0, up: 0 },
        { at: 50, down: 100, up: 0 },
        { at: 100, down: 100, up: 0 },
      ],
      (s) => s.down,
      100,
      100,
      100,
      { width: 200, height: 10 },
    );
    expect(points).toBe('0.0,10.0 100.0,10.0 100.0,0.0 200.0,0.0 200.0,0.0');
  });
});

describe('renderer categories', () => {
  it('names parents, children by their parent, and unknown ids by number', () => {
    expect(categoryName(2000)).toBe('Movies');
    expect(categoryName(2040)).toBe('Movies');
    expect(categoryName(100_001)).toBe('100001');
  });
});
