import path from 'node:path';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTracker } from '../../tracker/server.js';
import { makeFiles, nextEvent, sameFiles, startPeer, tempRoot, type TestPeer } from '../helpers/engine.js';
import { startTestTracker } from '../helpers/tracker.js';

/**
 * Real engines in this process, real WebRTC data channels on loopback, a real Shoal tracker:
 * peers find each other only through its WebSocket signalling.
 */
let tracker: RunningTracker;
let ws: string;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
const peers: TestPeer[] = [];

beforeAll(async () => {
  tracker = await startTestTracker({ wsInterval: 10 });
  ws = `ws://127.0.0.1:${tracker.httpPort}`;
  tmp = await tempRoot('swarm');
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await tracker.close();
  await tmp.remove();
});

async function peer(name: string): Promise<TestPeer> {
  const p = await startPeer(tmp.root, name);
  peers.push(p);
  return p;
}

/** A seeder sharing `folder` (made of `files`) through `trackers`; returns the torrent and the data. */
async function seedFolder(name: string, files: Record<string, number>, trackers = [[ws]]) {
  const seeder = await peer(name);
  const folder = path.join(seeder.downloadDir, `${name}-share`);
  const data = await makeFiles(folder, files);
  const created = await seeder.session.createTorrent({ paths: [folder], trackers });
  return { seeder, folder, data, created };
}

describe('the peer engine over WebRTC', () => {
  it('one seeder gives a multi-file torrent to three leechers, byte-identical', async () => {
    const { created, data } = await seedFolder('s1', {
      'a.bin': 3 * 1024 * 1024 + 123,
      'sub/b.bin': 1024 * 1024,
      'c.txt': 70_001,
    });
    const leechers = await Promise.all(['l1', 'l2', 'l3'].map(peer));
    const done = leechers.map((l) =>
      nextEvent(l.session, 'torrent:done', (e) => e.infoHash === created.infoHash, 60_000),
    );
    for (const l of leechers) await l.session.addTorrent({ torrent: created.torrent });
    await Promise.all(done);
    for (const l of leechers) {
      expect(await sameFiles(path.join(l.downloadDir, 's1-share'), data)).toBe(true);
      const details = await l.session.getTorrent({ infoHash: created.infoHash });
      expect(details.state).toBe('seeding');
      expect(details.progress).toBe(1);
    }
  }, 90_000);

  it('downloads from a magnet link alone: metadata from peers, then the data', async () => {
    const { created, data } = await seedFolder('s2', { 'movie.bin': 2 * 1024 * 1024 + 5 });
    const leecher = await peer('m1');
    const done = nextEvent(leecher.session, 'torrent:done', (e) => e.infoHash === created.infoHash, 60_000);
    const magnet = `magnet:?xt=urn:btih:${created.infoHash}&tr=${encodeURIComponent(ws)}`;
    await leecher.session.addTorrent({ magnet });
    expect((await leecher.session.getTorrent({ infoHash: created.infoHash })).state).toBe('metadata');
    await done;
    expect(await sameFiles(path.join(leecher.downloadDir, 's2-share'), data)).toBe(true);
    const details = await leecher.session.getTorrent({ infoHash: created.infoHash });
    expect(details.name).toBe('s2-share');
    expect(details.files.map((f) => f.path)).toEqual(['movie.bin']);
  }, 90_000);

  it('creates and completes only the selected file of a multi-file torrent', async () => {
    const { seeder, created, data } = await seedFolder('s3', {
      'one.bin': 300_000,
      'two.bin': 500_000,
      'three.bin': 200_000,
    });
    const leecher = await peer('f1');
    const done = nextEvent(leecher.session, 'torrent:done', (e) => e.infoHash === created.infoHash, 60_000);
    // Files are in bytewise order (one, three, two): pick two.bin by its path.
    const files = (await seeder.session.getTorrent({ infoHash: created.infoHash })).files;
    const two = files.find((f) => f.path === 'two.bin')!.index;
    await leecher.session.addTorrent({ torrent: created.torrent, files: [two] });
    await done;
    const root = path.join(leecher.downloadDir, 's3-share');
    expect(await sameFiles(root, new Map([['two.bin', data.get('two.bin')!]]))).toBe(true);
    await expect(stat(path.join(root, 'one.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(path.join(root, 'three.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
    const details = await leecher.session.getTorrent({ infoHash: created.infoHash });
    expect(details.files.map((f) => [f.path, f.priority])).toEqual([
      ['one.bin', 'skip'],
      ['three.bin', 'skip'],
      ['two.bin', 'normal'],
    ]);
    expect(details.files[two]!.progress).toBe(1);
  }, 90_000);

  it('downloads while one of its two trackers is down', async () => {
    const dead = 'ws://127.0.0.1:9'; // discard port: nothing listens there
    const { created, data } = await seedFolder('s4', { 'x.bin': 1024 * 1024 }, [[dead], [ws]]);
    const leecher = await peer('t1');
    const done = nextEvent(leecher.session, 'torrent:done', (e) => e.infoHash === created.infoHash, 60_000);
    await leecher.session.addTorrent({ torrent: created.torrent });
    await done;
    expect(await sameFiles(path.join(leecher.downloadDir, 's4-share'), data)).toBe(true);
    const trackers = (await leecher.session.getTorrent({ infoHash: created.infoHash })).trackers;
    expect(trackers.find((t) => t.url === dead)?.state).toBe('error');
    expect(trackers.find((t) => t.url === ws)?.state).toBe('working');
  }, 90_000);
});
