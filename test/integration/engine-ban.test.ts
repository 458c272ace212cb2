import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningTracker } from '../../tracker/server.js';
import { makeFiles, nextEvent, sameFiles, startPeer, tempRoot, type TestPeer } from '../helpers/engine.js';
import { startTestTracker } from '../helpers/tracker.js';

let tracker: RunningTracker;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
const peers: TestPeer[] = [];

beforeAll(async () => {
  tracker = await startTestTracker({ wsInterval: 10 });
  tmp = await tempRoot('ban');
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await tracker.close();
  await tmp.remove();
});

/**
 * Two real Shoal seeders of the same torrent, one of which serves corrupt data (its file was
 * damaged after it created the torrent, so it still claims every piece). The leecher must ban the
 * liar, never the honest seeder, and finish byte-identical from the honest one.
 */
it('bans a peer that sends corrupt blocks and finishes from an honest one', async () => {
  const ws = `ws://127.0.0.1:${tracker.httpPort}`;
  const [honest, liar, leecher] = await Promise.all(['honest', 'liar', 'leecher'].map((n) => startPeer(tmp.root, n)));
  peers.push(honest!, liar!, leecher!);
  const files = { 'data.bin': 2 * 1024 * 1024 };
  const data = await makeFiles(path.join(honest!.downloadDir, 'share'), files);
  const liarFile = path.join(liar!.downloadDir, 'share', 'data.bin');
  await mkdir(path.dirname(liarFile), { recursive: true });
  await writeFile(liarFile, data.get('data.bin')!);
  const a = await honest!.session.createTorrent({ paths: [path.join(honest!.downloadDir, 'share')], trackers: [[ws]] });
  const b = await liar!.session.createTorrent({ paths: [path.join(liar!.downloadDir, 'share')], trackers: [[ws]] });
  expect(b.infoHash).toBe(a.infoHash);
  // Damage one byte in every 16 KiB block of the liar's copy.
  const handle = await open(liarFile, 'r+');
  for (let at = 100; at < files['data.bin']; at += 16384)
    await handle.write(Buffer.from([0x5a ^ data.get('data.bin')![at]!]), 0, 1, at);
  await handle.close();

  // The honest seeder is slow, so the leecher asks the liar for most pieces at first.
  await honest!.session.setLimits({ infoHash: a.infoHash, upload: 1024 * 1024 });
  const done = nextEvent(leecher!.session, 'torrent:done', (e) => e.infoHash === a.infoHash, 60_000);
  await leecher!.session.addTorrent({ torrent: a.torrent });
  await done;
  expect(await sameFiles(path.join(leecher!.downloadDir, 'share'), data)).toBe(true);
  const liarView = await liar!.session.getTorrent({ infoHash: a.infoHash });
  const honestView = await honest!.session.getTorrent({ infoHash: a.infoHash });
  const leecherView = await leecher!.session.getTorrent({ infoHash: a.infoHash });
  expect(liarView.uploaded).toBeGreaterThan(0); // it did take part before being banned
  expect(honestView.uploaded).toBeGreaterThan(0);
  expect(leecherView.bannedPeers).toBe(1);
  expect(liarView.peers).toHaveLength(0);
}, 90_000);
