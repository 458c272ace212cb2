import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetainfo } from '../../core/protocol/metainfo.js';
import { buildAnnounceQuery } from '../../core/protocol/tracker/http-client.js';
import { makeTorrent, publishTorrent } from '../helpers/search-server.js';
import { shoal, startShoal } from '../helpers/shoal-cli.js';
import { id20 } from '../helpers/tracker.js';

/** A port that was free a moment ago (`shoal up` needs fixed ports, so port 0 will not do). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('shoal up (npm start)', () => {
  it('runs the tracker and the search server together, with anonymous publishing, and stops on SIGTERM', async () => {
    const [trackerPort, searchPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), 'shoal-up-'));
    const { child, done } = startShoal([
      'up',
      '--tracker-port',
      String(trackerPort),
      '--search-port',
      String(searchPort),
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
    ]);
    try {
      const deadline = Date.now() + 15_000;
      const health = await waitFor(`http://127.0.0.1:${trackerPort}/health`, deadline);
      expect(health.status).toBe(200);
      const stats = await waitFor(`http://127.0.0.1:${searchPort}/api/v1/stats`, deadline);
      expect(stats.status).toBe(200);
      const published = await publishTorrent(`http://127.0.0.1:${searchPort}`, makeTorrent({ name: 'up-smoke' }));
      expect(published.status).toBe(201);
      const home = await (await fetch(`http://127.0.0.1:${searchPort}/`)).text();
      expect(home).toContain('up-smoke');
    } finally {
      child.kill('SIGTERM');
    }
    const exit = await done;
    expect(exit.status).toBe(0);
    expect(exit.stderr).toContain(`tracker        ws://127.0.0.1:${trackerPort}`);
    expect(exit.stderr).toContain(join(dataDir, 'search.sqlite'));
  });

  it('scrapes its own loopback tracker, so a local torrent shows its seeder', async () => {
    const [trackerPort, searchPort] = [await freePort(), await freePort()];
    const args = ['up', '--tracker-port', String(trackerPort), '--search-port', String(searchPort)];
    // Environment variables reach the search server as they would with `shoal search-server`.
    process.env.SHOAL_SEARCH_SCRAPE_INTERVAL = '1';
    const { child, done } = startShoal([
      ...args,
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'shoal-up-')),
      '--log-level',
      'warn',
    ]);
    delete process.env.SHOAL_SEARCH_SCRAPE_INTERVAL;
    try {
      const deadline = Date.now() + 20_000;
      const bytes = makeTorrent({ name: 'up-seeded', trackers: [`http://127.0.0.1:${trackerPort}/announce`] });
      const { infoHash } = parseMetainfo(bytes);
      const seeder = buildAnnounceQuery({
        infoHash: Buffer.from(infoHash, 'hex'),
        peerId: id20('-SH0001-'),
        port: 6881,
        left: 0,
        event: 'started',
      });
      expect((await waitFor(`http://127.0.0.1:${trackerPort}/announce?${seeder}`, deadline)).status).toBe(200);
      const search = `http://127.0.0.1:${searchPort}`;
      await waitFor(`${search}/api/v1/stats`, deadline);
      expect((await publishTorrent(search, bytes)).status).toBe(201);
      for (;;) {
        const detail = (await (await fetch(`${search}/api/v1/torrents/${infoHash}`)).json()) as { seeders: number };
        if (detail.seeders === 1) break;
        if (Date.now() > deadline) throw new Error(`never scraped: ${JSON.stringify(detail)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect((await done).status).toBe(0);
  });

  it('refuses a bad port with a usage error naming it', () => {
    const run = shoal(['up', '--search-port', 'eighty']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/port \(--port\): .*number/);
  });
});
