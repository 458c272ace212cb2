import type { TorrentSummary } from '../../../core/api/index.js';

/** Which torrents the list shows, and in which order. */

export const SORT_KEYS = [
  'name',
  'size',
  'progress',
  'state',
  'downloadSpeed',
  'uploadSpeed',
  'peers',
  'eta',
  'ratio',
  'addedAt',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

export const STATE_FILTERS = ['all', 'downloading', 'seeding', 'paused', 'active', 'error'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export interface ListFilter {
  /** Part of the name (any case), or the start of the infohash. */
  text: string;
  state: StateFilter;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Torrents still getting their data count as downloading, whatever step they are at. */
const STATE_TESTS: Record<StateFilter, (t: TorrentSummary) => boolean> = {
  all: () => true,
  downloading: (t) => t.state === 'downloading' || t.state === 'metadata' || t.state === 'checking',
  seeding: (t) => t.state === 'seeding',
  paused: (t) => t.state === 'paused',
  active: (t) => t.downloadSpeed > 0 || t.uploadSpeed > 0,
  error: (t) => t.state === 'error',
};

export function matchesFilter(t: TorrentSummary, filter: ListFilter): boolean {
  if (!STATE_TESTS[filter.state](t)) return false;
  const text = filter.text.trim().toLocaleLowerCase();
  if (text === '') return true;
  return t.name.toLocaleLowerCase().includes(text) || t.infoHash.startsWith(text);
}

/** How many torrents each state filter would show (for the filter buttons). */
export function countByFilter(list: readonly TorrentSummary[]): Record<StateFilter, number> {
  const counts = Object.fromEntries(STATE_FILTERS.map((f) => [f, 0])) as Record<StateFilter, number>;
  for (const t of list) for (const f of STATE_FILTERS) if (STATE_TESTS[f](t)) counts[f]++;
  return counts;
}

/** Order of states when sorting by state: what needs attention first. */
const STATE_RANK: Record<TorrentSummary['state'], number> = {
  error: 0,
  downloading: 1,
  metadata: 2,
  checking: 3,
  seeding: 4,
  paused: 5,
};

type Compare = (a: TorrentSummary, b: TorrentSummary) => number;

const byNumber =
  (pick: (t: TorrentSummary) => number): Compare =>
  (a, b) =>
    pick(a) - pick(b);

const COMPARE: Record<SortKey, Compare> = {
  name: (a, b) => collator.compare(a.name, b.name),
  size: byNumber((t) => t.length),
  progress: byNumber((t) => t.progress),
  state: byNumber((t) => STATE_RANK[t.state]),
  downloadSpeed: byNumber((t) => t.downloadSpeed),
  uploadSpeed: byNumber((t) => t.uploadSpeed),
  peers: byNumber((t) => t.peers),
  // Unknown ETAs (null) are "longest": last when ascending.
  eta: byNumber((t) => t.eta ?? Number.POSITIVE_INFINITY),
  ratio: byNumber((t) => t.ratio),
  addedAt: byNumber((t) => t.addedAt),
};

/** Sorted by `order`; ties by name, then infohash, so that rows never swap places at random. */
export function sortTorrents(list: readonly TorrentSummary[], order: SortOrder): TorrentSummary[] {
  const primary = COMPARE[order.key];
  const sign = order.direction === 'asc' ? 1 : -1;
  return [...list].sort(
    (a, b) =>
      sign * (primary(a, b) || 0) ||
      COMPARE.name(a, b) ||
      (a.infoHash < b.infoHash ? -1 : a.infoHash > b.infoHash ? 1 : 0),
  );
}

export function visibleTorrents(
  list: readonly TorrentSummary[],
  filter: ListFilter,
  order: SortOrder,
): TorrentSummary[] {
  return sortTorrents(
    list.filter((t) => matchesFilter(t, filter)),
    order,
  );
}

/** A click on a column header: the same column flips direction; a new one starts with its natural order. */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  const startsHigh = key !== 'name' && key !== 'state' && key !== 'eta';
  return { key, direction: startsHigh ? 'desc' : 'asc' };
}

export interface Totals {
  downloadSpeed: number;
  uploadSpeed: number;
  downloading: number;
  seeding: number;
  paused: number;
  error: number;
}

export function totalsOf(list: readonly TorrentSummary[]): Totals {
  const totals: Totals = { downloadSpeed: 0, uploadSpeed: 0, downloading: 0, seeding: 0, paused: 0, error: 0 };
  for (const t of list) {
    totals.downloadSpeed += t.downloadSpeed;
    totals.uploadSpeed += t.uploadSpeed;
    if (STATE_TESTS.downloading(t)) totals.downloading++;
    else if (t.state === 'seeding') totals.seeding++;
    else if (t.state === 'paused') totals.paused++;
    else totals.error++;
  }
  return totals;
}
