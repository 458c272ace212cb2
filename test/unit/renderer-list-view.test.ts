import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countByFilter,
  matchesFilter,
  nextOrder,
  sortTorrents,
  totalsOf,
  visibleTorrents,
  type SortKey,
} from '../../renderer/src/model/list-view.js';
import { rowWindow } from '../../renderer/src/model/row-window.js';
import {
  clickSelection,
  EMPTY_SELECTION,
  pruneSelection,
  selectAll,
  selectOnly,
  selectRange,
  toggle,
} from '../../renderer/src/model/selection.js';
import { hash, summary } from './renderer-fixtures.js';

const list = [
  summary({ infoHash: hash(1), name: 'file 10', state: 'seeding', length: 300, uploadSpeed: 5, eta: null, ratio: 2 }),
  summary({ infoHash: hash(2), name: 'File 9', state: 'downloading', length: 100, downloadSpeed: 9, eta: 30 }),
  summary({ infoHash: hash(3), name: 'Apple', state: 'paused', length: 200, eta: null }),
  summary({ infoHash: hash(4), name: 'broken', state: 'error', length: 50, eta: 5 }),
  summary({ infoHash: hash(5), name: 'meta', state: 'metadata', length: 0, eta: null }),
];
const names = (l: readonly { name: string }[]) => l.map((t) => t.name);

describe('renderer list: filter', () => {
  it('matches names in any case and infohashes by their start', () => {
    expect(names(list.filter((t) => matchesFilter(t, { text: 'FILE', state: 'all' })))).toEqual(['file 10', 'File 9']);
    expect(names(list.filter((t) => matchesFilter(t, { text: hash(3), state: 'all' })))).toEqual(['Apple']);
    expect(names(list.filter((t) => matchesFilter(t, { text: '  ', state: 'all' })))).toHaveLength(5);
  });

  it('filters by state, counting torrents that still fetch data as downloading', () => {
    const shown = (state: Parameters<typeof matchesFilter>[1]['state']) =>
      names(list.filter((t) => matchesFilter(t, { text: '', state })));
    expect(shown('downloading')).toEqual(['File 9', 'meta']);
    expect(shown('seeding')).toEqual(['file 10']);
    expect(shown('paused')).toEqual(['Apple']);
    expect(shown('error')).toEqual(['broken']);
    expect(shown('active')).toEqual(['file 10', 'File 9']);
    expect(countByFilter(list)).toEqual({ all: 5, downloading: 2, seeding: 1, paused: 1, active: 2, error: 1 });
  });

  it('sums speeds and states for the status bar', () => {
    expect(totalsOf(list)).toEqual({
      downloadSpeed: 9,
      uploadSpeed: 5,
      downloading: 2,
      seeding: 1,
      paused: 1,
      error: 1,
    });
  });
});

describe('renderer list: sort', () => {
  it('sorts names naturally and without regard to case', () => {
    expect(names(sortTorrents(list, { key: 'name', direction: 'asc' }))).toEqual([
      'Apple',
      'broken',
      'File 9',
      'file 10',
      'meta',
    ]);
  });

  it('puts unknown ETAs last when ascending and breaks ties by name', () => {
    expect(names(sortTorrents(list, { key: 'eta', direction: 'asc' }))).toEqual([
      'broken',
      'File 9',
      'Apple',
      'file 10',
      'meta',
    ]);
  });

  it('sorts states by what needs attention first', () => {
    expect(names(sortTorrents(list, { key: 'state', direction: 'asc' }))).toEqual([
      'broken',
      'File 9',
      'meta',
      'file 10',
      'Apple',
    ]);
  });

  it('never loses or duplicates a torrent, whatever the key, and orders sizes', () => {
    const keys: SortKey[] = [
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
    ];
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.nat(1000), size: fc.nat(1e9) }), { maxLength: 40 }),
        fc.constantFrom(...keys),
        (rows, key) => {
          const torrents = rows.map((r, i) => summary({ infoHash: hash(i + 1), name: `t${r.n}`, length: r.size }));
          const asc = sortTorrents(torrents, { key, direction: 'asc' });
          expect(new Set(asc.map((t) => t.infoHash)).size).toBe(torrents.length);
          const sizes = sortTorrents(torrents, { key: 'size', direction: 'desc' }).map((t) => t.length);
          expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
        },
      ),
    );
  });

  it('filters then sorts, leaving the input alone', () => {
    const before = names(list);
    expect(names(visibleTorrents(list, { text: 'file', state: 'all' }, { key: 'size', direction: 'desc' }))).toEqual([
      'file 10',
      'File 9',
    ]);
    expect(names(list)).toEqual(before);
  });

  it('flips the direction on the same column and starts numbers high', () => {
    expect(nextOrder({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextOrder({ key: 'name', direction: 'asc' }, 'size')).toEqual({ key: 'size', direction: 'desc' });
    expect(nextOrder({ key: 'size', direction: 'desc' }, 'eta')).toEqual({ key: 'eta', direction: 'asc' });
  });
});

describe('renderer list: selection', () => {
  const shown = ['a', 'b', 'c', 'd', 'e'];
  const ids = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

  it('selects one on a plain click and toggles on Ctrl-click', () => {
    const one = clickSelection(EMPTY_SELECTION, shown, 'b', 'plain');
    expect(ids(one)).toEqual(['b']);
    const two = clickSelection(one, shown, 'd', 'toggle');
    expect(ids(two)).toEqual(['b', 'd']);
    expect(ids(toggle(two, 'b'))).toEqual(['d']);
  });

  it('selects a range from the anchor in the order shown, either way', () => {
    expect(ids(selectRange(selectOnly('b'), shown, 'd'))).toEqual(['b', 'c', 'd']);
    expect(ids(selectRange(selectOnly('d'), shown, 'a'))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(selectRange(EMPTY_SELECTION, shown, 'c'))).toEqual(['c']);
    const hidden = selectOnly('zz');
    expect(ids(selectRange(hidden, shown, 'c'))).toEqual(['c']);
    expect(selectRange(hidden, shown, 'not shown')).toBe(hidden);
  });

  it('selects all shown and forgets removed torrents', () => {
    const all = selectAll(shown);
    expect(ids(all)).toEqual(shown);
    const pruned = pruneSelection(all, (id) => id !== 'c' && id !== 'a');
    expect(ids(pruned)).toEqual(['b', 'd', 'e']);
    expect(pruned.anchor).toBeUndefined();
    expect(pruneSelection(pruned, () => true)).toBe(pruned);
  });
});

describe('renderer list: rows in view', () => {
  it('renders the rows in view and the overscan either side, within the list', () => {
    expect(rowWindow(1000, { scrollTop: 0, height: 400, rowHeight: 40 }, 5)).toEqual({ start: 0, end: 15 });
    expect(rowWindow(1000, { scrollTop: 4000, height: 400, rowHeight: 40 }, 5)).toEqual({ start: 95, end: 115 });
    expect(rowWindow(1000, { scrollTop: 39_990, height: 400, rowHeight: 40 }, 5)).toEqual({ start: 994, end: 1000 });
    expect(rowWindow(3, { scrollTop: 0, height: 400, rowHeight: 40 }, 5)).toEqual({ start: 0, end: 3 });
  });

  it('renders a first screenful before anything was measured, and nothing of an empty list', () => {
    expect(rowWindow(1000, { scrollTop: 0, height: 0, rowHeight: 0 }, 12)).toEqual({ start: 0, end: 24 });
    expect(rowWindow(0, { scrollTop: 500, height: 400, rowHeight: 40 }, 5)).toEqual({ start: 0, end: 0 });
  });

  it('never leaves a row of the view out, wherever it is scrolled', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(300_000), fc.integer({ min: 1, max: 2000 }), (count, scrollTop, height) => {
        const { start, end } = rowWindow(count, { scrollTop, height, rowHeight: 38 }, 3);
        expect(0 <= start && start <= end && end <= count).toBe(true);
        const firstSeen = Math.floor(scrollTop / 38);
        const lastSeen = Math.min(count, Math.ceil((scrollTop + height) / 38));
        if (firstSeen < count) expect(start <= firstSeen && end >= lastSeen).toBe(true);
      }),
    );
  });
});
