import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTracker } from '../../tracker/server.js';
import { makeFiles, startPeer, tempRoot, waitFor, type TestPeer } from '../helpers/engine.js';
import { startTestTracker } from '../helpers/tracker.js';

/** A torrent's download limit holds over a fast link: real engines, real WebRTC on loopback. */
let tracker: RunningTracker;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
const peers: TestPeer[] = [];

beforeAll(async () => {
  tracker = await startTestTracker({ wsInterval: 10 });
  tmp = await tempRoot('limit');
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await tracker.close();
  await tmp.remove();
});

const MiB = 1024 * 1024;
const LIMIT = 128 * 1024;

describe('the download limit of one torrent', () => {
  it('keeps the download near the limit where, unlimited, loopback would finish it in moments', async () => {
    const [seeder, leecher] = await Promise.all(['seeder', 'leecher'].map((n) => startPeer(tmp.root, n)));
    peers.push(seeder!, leecher!);
    const folder = path.join(seeder!.downloadDir, 'big');
    await makeFiles(folder, { 'big.bin': 16 * MiB });
    const trackers = [[`ws://127.0.0.1:${tracker.httpPort}`]];
    const { infoHash, torrent } = await seeder!.session.createTorrent({ paths: [folder], trackers });
    await leecher!.session.addTorrent({ torrent, paused: true });
    await leecher!.session.setLimits({ infoHash, download: LIMIT });
    await leecher!.session.resume({ infoHash });

    const downloaded = async () => (await leecher!.session.getTorrent({ infoHash })).downloaded;
    await waitFor(async () => (await downloaded()) > 0, 'the first block', 30_000);
    const start = Date.now();
    const from = await downloaded();
    await new Promise((r) => setTimeout(r, 4000));
    const seconds = (Date.now() - start) / 1000;
    const rate = ((await downloaded()) - from) / seconds;
    // One second of burst and the blocks in flight are on top of the rate; 16 MiB unlimited is < 2 s here.
    expect(rate).toBeGreaterThan(LIMIT * 0.5);
    expect(rate).toBeLessThan(LIMIT * 1.6);
  }, 60_000);
});
