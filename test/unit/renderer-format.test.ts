import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatEta,
  formatPercent,
  formatRatio,
  formatSpeed,
  plural,
  stateLabel,
} from '../../renderer/src/model/format.js';

describe('renderer formatting', () => {
  it('shows bytes in binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(10.5 * 1024 * 1024)).toBe('10.5 MiB');
    expect(formatBytes(123 * 1024 ** 3)).toBe('123 GiB');
    expect(formatBytes(5 * 1024 ** 6)).toBe('5120 PiB');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('shows a dash for no speed, else bytes per second', () => {
    expect(formatSpeed(0)).toBe('—');
    expect(formatSpeed(2048)).toBe('2.00 KiB/s');
  });

  it('floors percentages so that only a finished torrent shows 100%', () => {
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(0.12345)).toBe('12.3%');
    expect(formatPercent(0.99999)).toBe('99.9%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(-0.5)).toBe('0.0%');
  });

  it('shows an ETA as its two largest units', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(59)).toBe('59s');
    expect(formatEta(61)).toBe('1m 01s');
    expect(formatEta(3 * 3600 + 5 * 60 + 9)).toBe('3h 05m');
    expect(formatEta(2 * 86400 + 4 * 3600)).toBe('2d 4h');
    expect(formatEta(100 * 86400)).toBe('∞');
    expect(formatEta(-3)).toBe('—');
  });

  it('shows ratios with two decimals, large ones whole', () => {
    expect(formatRatio(0)).toBe('0.00');
    expect(formatRatio(1.234)).toBe('1.23');
    expect(formatRatio(250.4)).toBe('250');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('shows dates as year-month-day hour:minute in the local zone', () => {
    const at = new Date(2026, 11, 2, 14, 5).getTime();
    expect(formatDate(at)).toBe('2026-12-02 14:05');
  });

  it('names every state and counts in words', () => {
    expect(stateLabel('metadata')).toBe('Getting metadata');
    expect(stateLabel('seeding')).toBe('Seeding');
    expect(plural(1, 'torrent')).toBe('1 torrent');
    expect(plural(3, 'torrent')).toBe('3 torrents');
  });
});
