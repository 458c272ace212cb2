import type { TorrentState } from '../../../core/api/index.js';

/** How numbers read in the UI: binary units as most BitTorrent clients show them, three significant digits. */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '—';
}

/** Floors, so a torrent shows 100% only when it is done. */
export function formatPercent(fraction: number): string {
  if (fraction >= 1) return '100%';
  return `${(Math.floor(Math.max(0, fraction) * 1000) / 10).toFixed(1)}%`;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Seconds left as the two largest units ("3h 05m"); '∞' past 100 days, '—' when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s >= 100 * DAY) return '∞';
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < MINUTE) return `${s}s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)}m ${two(s % MINUTE)}s`;
  if (s < DAY) return `${Math.floor(s / HOUR)}h ${two(Math.floor((s % HOUR) / MINUTE))}m`;
  return `${Math.floor(s / DAY)}d ${Math.floor((s % DAY) / HOUR)}h`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '∞';
  return ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2);
}

/** A calendar date and time in the reader's zone, as 2026-12-02 14:05. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

const STATE_LABELS: Record<TorrentState, string> = {
  checking: 'Checking',
  metadata: 'Getting metadata',
  downloading: 'Downloading',
  seeding: 'Seeding',
  paused: 'Paused',
  error: 'Error',
};

export function stateLabel(state: TorrentState): string {
  return STATE_LABELS[state];
}

/** "1 torrent", "3 torrents". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
