import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebTorrent from 'webtorrent';
import { startWsTracker, type RunningWsTracker } from '../helpers/ws-tracker.js';
import { WEBTORRENT_LOOPBACK_OPTIONS } from '../helpers/webtorrent-options.js';

/**
 * Two third-party WebTorrent clients find each other through our WebSocket tracker alone
 * (no DHT, LSD, PEX sources, web seeds or public trackers) and move a file over WebRTC.
 * Clients of one process share a socket per tracker URL; two paths to the same tracker give each
 * client its own socket, so offers and answers really cross between connections.
 */
const clientOptions = WEBTORRENT_LOOPBACK_OPTIONS;

let running: RunningWsTracker;
let dir: string;
const clients: WebTorrent.Instance[] = [];

beforeAll(async () => {
  running = await startWsTracker();
  dir = await mkdtemp(join(tmpdir(), 'shoal-wt-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => c.destroy(() => resolve()))));
  await running.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('WebTorrent interop through the WebSocket tracker', () => {
  it('lets a WebTorrent leecher download 2 MiB from a WebTorrent seeder', async () => {
    const data = randomBytes(2 * 1024 * 1024);
    const seeder = new WebTorrent(clientOptions);
    const leecher = new WebTorrent(clientOptions);
    clients.push(seeder, leecher);

    const seeded = await new Promise<WebTorrent.Torrent>((resolve, reject) => {
      seeder.on('error', reject);
      seeder.seed(
        Buffer.from(data),
        { name: 'interop.bin', announce: [`${running.url}/seeder`], path: join(dir, 'seeder') },
        resolve,
      );
    });
    const downloaded = await new Promise<Buffer>((resolve, reject) => {
      leecher.on('error', reject);
      leecher.add(
        seeded.torrentFile,
        { announce: [`${running.url}/leecher`], path: join(dir, 'leecher') },
        (torrent) => {
          torrent.on('error', reject);
          torrent.on('done', () => {
            torrent.files[0]!.arrayBuffer().then((ab) => resolve(Buffer.from(ab)), reject);
          });
        },
      );
    });

    expect(downloaded.equals(data)).toBe(true);
    // Two announces at least, and an answer: the peers met through the tracker.
    expect(running.tracker.stats()).toMatchObject({ sockets: 2 });
    expect(running.tracker.stats().messagesIn).toBeGreaterThanOrEqual(3);
    expect(running.tracker.scrape(seeded.infoHash)).toMatchObject({ complete: 2 });
  }, 60_000);
});
