import { describe, expect, it } from 'vitest';
import { withPriorities, withProgress } from '../../renderer/src/model/details.js';
import { ratioOf, TorrentStore } from '../../renderer/src/model/torrent-store.js';
import type { TorrentDetails } from '../../core/api/index.js';
import { hash, progressOf, summary } from './renderer-fixtures.js';

/** A store whose flushes run when the test says (as requestAnimationFrame would, once a frame). */
function manualStore() {
  const queue: (() => void)[] = [];
  const store = new TorrentStore((flush) => queue.push(flush));
  let renders = 0;
  store.subscribe(() => renders++);
  const frame = () => {
    for (const flush of queue.splice(0)) flush();
  };
  return { store, frame, renders: () => renders, pending: () => queue.length };
}

describe('renderer torrent store', () => {
  it('is not loaded until the first list, then is, even when empty', () => {
    const { store, frame } = manualStore();
    expect(store.getSnapshot()).toEqual({ torrents: [], loaded: false });
    store.reset([]);
    frame();
    expect(store.getSnapshot()).toEqual({ torrents: [], loaded: true });
  });

  it('batches many changes into one notification per frame', () => {
    const { store, frame, renders, pending } = manualStore();
    store.reset([summary({ infoHash: hash(1) }), summary({ infoHash: hash(2) })]);
    store.setState(hash(1), 'paused');
    store.applyProgress([progressOf(summary({ infoHash: hash(2) }), { downloadSpeed: 10 })]);
    expect(pending()).toBe(1);
    expect(renders()).toBe(0);
    frame();
    expect(renders()).toBe(1);
    expect(store.getSnapshot().torrents.map((t) => [t.state, t.downloadSpeed])).toEqual([
      ['paused', 0],
      ['downloading', 10],
    ]);
  });

  it('keeps the object of a torrent that did not change, so its row does not render again', () => {
    const { store, frame } = manualStore();
    const one = summary({ infoHash: hash(1) });
    const two = summary({ infoHash: hash(2) });
    store.reset([one, two]);
    frame();
    store.applyProgress([progressOf(two, { downloadSpeed: 99, uploaded: 250, downloaded: 500 })]);
    frame();
    const [first, second] = store.getSnapshot().torrents;
    expect(first).toBe(one);
    expect(second).not.toBe(two);
    expect(second).toMatchObject({ downloadSpeed: 99, ratio: 0.5 });
    store.reset([{ ...one }, { ...second! }]);
    frame();
    expect(store.getSnapshot().torrents[0]).toBe(one);
    expect(store.getSnapshot().torrents[1]).toBe(second);
  });

  it('answers the infohashes of progress entries it does not know, and does not notify for them alone', () => {
    const { store, frame, renders } = manualStore();
    store.reset([summary({ infoHash: hash(1) })]);
    frame();
    expect(store.applyProgress([progressOf(summary({ infoHash: hash(7) }))])).toEqual([hash(7)]);
    frame();
    expect(renders()).toBe(1);
  });

  it('applies added, state, error, done and removed', () => {
    const { store, frame } = manualStore();
    store.reset([]);
    store.upsert(summary({ infoHash: hash(1), eta: 40 }));
    expect(store.setState(hash(1), 'metadata')).toBe('downloading');
    expect(store.setState(hash(9), 'paused')).toBeUndefined();
    store.setError(hash(1), { code: 'disk-full', message: 'no space left' });
    frame();
    expect(store.get(hash(1))).toMatchObject({ state: 'error', error: { code: 'disk-full' } });
    store.setState(hash(1), 'downloading');
    expect(store.get(hash(1))?.error).toBeUndefined();
    store.setState(hash(1), 'seeding');
    expect(store.get(hash(1))).toMatchObject({ state: 'seeding', progress: 1, eta: null });
    store.setState(hash(1), 'downloading');
    store.markDone(hash(1), 1234);
    expect(store.get(hash(1))).toMatchObject({ progress: 1, eta: null, completedAt: 1234 });
    store.remove(hash(1));
    frame();
    expect(store.getSnapshot().torrents).toEqual([]);
  });

  it('computes the ratio per byte downloaded, or per byte held when nothing was downloaded here', () => {
    expect(ratioOf(50, 100, 1000)).toBe(0.5);
    expect(ratioOf(500, 0, 1000)).toBe(0.5);
    expect(ratioOf(0, 0, 0)).toBe(0);
  });
});

describe('renderer details', () => {
  const details: TorrentDetails = {
    ...summary({ infoHash: hash(1), length: 2000 }),
    peers: [],
    bannedPeers: 0,
    files: [
      { index: 0, path: 'a.txt', length: 1000, progress: 0, priority: 'normal' },
      { index: 1, path: 'b.txt', length: 1000, progress: 0, priority: 'normal' },
    ],
    trackers: [],
    pieces: { count: 2, length: 1000, have: 'AA==' },
    magnet: 'magnet:?xt=urn:btih:' + hash(1),
    private: false,
  };

  it('takes a progress entry: numbers and per-file progress, keeping the peer list', () => {
    const entry = progressOf(summary({ infoHash: hash(1) }), {
      peers: 3,
      downloadSpeed: 7,
      uploaded: 100,
      downloaded: 400,
      files: [1, 0.5],
    });
    const next = withProgress(details, entry);
    expect(next.peers).toEqual([]);
    expect(next.downloadSpeed).toBe(7);
    expect(next.ratio).toBe(0.25);
    expect(next.files.map((f) => f.progress)).toEqual([1, 0.5]);
    expect(withProgress(details, progressOf(summary({ infoHash: hash(1) }))).files).toBe(details.files);
  });

  it('applies new priorities by file index', () => {
    const next = withPriorities(details, [{ index: 1, priority: 'skip' }]);
    expect(next.files.map((f) => f.priority)).toEqual(['normal', 'skip']);
  });
});
