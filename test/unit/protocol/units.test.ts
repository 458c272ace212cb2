import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize } from '../../../core/protocol/units.js';

describe('byte sizes for people', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [500_003, '488 KiB'],
    [700 * 2 ** 20, '700 MiB'],
    [1.25 * 2 ** 30, '1.3 GiB'],
    [2 ** 50 * 3, '3 PiB'],
  ])('formats %d as %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    ['262144', 262_144],
    ['256K', 262_144],
    ['256 KiB', 262_144],
    ['1m', 2 ** 20],
    ['1.5G', 1.5 * 2 ** 30],
    ['2 GB', 2 * 2 ** 30],
    [' 4t ', 4 * 2 ** 40],
  ])('reads %j as %d', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each(['', 'K', '-1M', '1.2345M', '1e6', '12 parsecs', '1,000', '999999999999999T'])('refuses %j', (text) =>
    expect(parseByteSize(text)).toBeUndefined(),
  );
});
