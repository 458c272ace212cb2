import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebTorrent from 'webtorrent';
import type { RunningTracker } from '../../tracker/server.js';
import { nextEvent, startPeer, tempRoot, type TestPeer } from '../helpers/engine.js';
import { startTestTracker } from '../helpers/tracker.js';
import { WEBTORRENT_LOOPBACK_OPTIONS } from '../helpers/webtorrent-options.js';

/**
 * Shoal and the third-party WebTorrent client (npm `webtorrent`) swap a torrent both ways over
 * WebRTC, meeting only through the Shoal tracker's WebSocket signalling.
 */
const clientOptions = WEBTORRENT_LOOPBACK_OPTIONS;

let tracker: RunningTracker;
let ws: string;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
const shoalPeers: TestPeer[] = [];
const clients: WebTorrent.Instance[] = [];

beforeAll(async () => {
  tracker = await startTestTracker({ wsInterval: 10 });
  ws = `ws://127.0.0.1:${tracker.httpPort}`;
  tmp = await tempRoot('wt-engine');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => c.destroy(() => resolve()))));
  await Promise.all(shoalPeers.map((p) => p.close()));
  await tracker.close();
  await tmp.remove();
});

describe('WebTorrent interop with the Shoal engine', () => {
  it('a WebTorrent client downloads a torrent seeded by Shoal, byte-identical', async () => {
    const shoal = await startPeer(tmp.root, 'shoal-seeder');
    shoalPeers.push(shoal);
    const data = randomBytes(3 * 1024 * 1024 + 77);
    const file = path.join(shoal.downloadDir, 'from-shoal.bin');
    await writeFile(file, data);
    const created = await shoal.session.createTorrent({ paths: [file], trackers: [[ws]] });

    const client = new WebTorrent(clientOptions);
    clients.push(client);
    const got = await new Promise<Buffer>((resolve, reject) => {
      client.on('error', reject);
      client.add(
        Buffer.from(created.torrent, 'base64'),
        { announce: [ws], path: path.join(tmp.root, 'wt-leecher') },
        (torrent) => {
          torrent.on('error', reject);
          torrent.on('done', () => torrent.files[0]!.arrayBuffer().then((ab) => resolve(Buffer.from(ab)), reject));
        },
      );
    });
    expect(got.equals(data)).toBe(true);
    expect((await shoal.session.getTorrent({ infoHash: created.infoHash })).uploaded).toBeGreaterThanOrEqual(
      data.length,
    );
  }, 90_000);

  it('Shoal downloads a torrent seeded by a WebTorrent client, byte-identical', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 5);
    const client = new WebTorrent(clientOptions);
    clients.push(client);
    const seedDir = path.join(tmp.root, 'wt-seeder');
    await mkdir(seedDir, { recursive: true });
    const seeded = await new Promise<WebTorrent.Torrent>((resolve, reject) => {
      client.on('error', reject);
      client.seed(Buffer.from(data), { name: 'from-webtorrent.bin', announce: [ws], path: seedDir }, resolve);
    });
    const shoal = await startPeer(tmp.root, 'shoal-leecher');
    shoalPeers.push(shoal);
    const done = nextEvent(shoal.session, 'torrent:done', (e) => e.infoHash === seeded.infoHash, 60_000);
    await shoal.session.addTorrent({ torrent: Buffer.from(seeded.torrentFile).toString('base64') });
    await done;
    const got = await readFile(path.join(shoal.downloadDir, 'from-webtorrent.bin'));
    expect(got.equals(data)).toBe(true);
  }, 90_000);
});
