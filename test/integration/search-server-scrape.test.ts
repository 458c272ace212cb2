import { randomBytes } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseMetainfo } from '../../core/protocol/metainfo.js';
import { loadConfig } from '../../core/server/config.js';
import { createLogger } from '../../core/server/logger.js';
import { trackerConfigSpec } from '../../tracker/config.js';
import { startTracker, type RunningTracker } from '../../tracker/server.js';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';

const percent = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const binary = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** A fake seeder: one HTTP announce with left=0 (no data behind it; the tracker only counts). */
async function announceHttpSeeder(tracker: RunningTracker, infoHash: string): Promise<void> {
  const query = [
    `info_hash=${percent(Buffer.from(infoHash, 'hex'))}`,
    `peer_id=${percent(Buffer.from(`-SH0001-${randomBytes(6).toString('hex')}`))}`,
    'port=51413',
    'uploaded=0',
    'downloaded=0',
    'left=0',
    'event=started',
    'compact=1',
  ].join('&');
  const res = await fetch(`http://127.0.0.1:${tracker.httpPort}/announce?${query}`);
  expect(res.status).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain('8:complete');
}

/** A fake WebRTC seeder: a WebSocket announce with left=0 and no offers; stays connected until closed. */
async function announceWsSeeder(tracker: RunningTracker, infoHash: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${tracker.httpPort}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
  socket.send(
    JSON.stringify({
      action: 'announce',
      info_hash: binary(Buffer.from(infoHash, 'hex')),
      peer_id: binary(Buffer.from(`-WW0001-${randomBytes(6).toString('hex')}`)),
      uploaded: 0,
      downloaded: 0,
      left: 0,
      event: 'started',
      numwant: 0,
      offers: [],
    }),
  );
  expect(JSON.parse(await reply)).toMatchObject({ action: 'announce', complete: 1 });
  return socket;
}

async function swarmOf(server: TestSearchServer, infoHash: string, seeders: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const detail = (await (await fetch(`${server.url}/api/v1/torrents/${infoHash}`)).json()) as {
      seeders: number;
      leechers: number;
      scrapedAt: string | null;
    };
    if (detail.scrapedAt !== null && detail.seeders === seeders) return detail;
    if (Date.now() > deadline) throw new Error(`no scrape with ${seeders} seeders: ${JSON.stringify(detail)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('search server: seeders come from a real Shoal tracker', () => {
  let tracker: RunningTracker;
  let server: TestSearchServer;
  let token: string;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    const { config } = loadConfig(trackerConfigSpec, ['--port', '0', '--log-level', 'silent'], {});
    tracker = await startTracker(config, createLogger('tracker-test', 'silent'));
    server = await startTestSearchServer({
      scrapeInterval: 1,
      scrapeTimeout: 2000,
      publishRate: 100,
      scrapePrivateTrackers: true,
    });
    token = server.token();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
    await tracker.close();
  });

  it.each([
    ['HTTP', (t: RunningTracker) => `http://127.0.0.1:${t.httpPort}/announce`],
    ['UDP', (t: RunningTracker) => `udp://127.0.0.1:${t.udpPort}`],
  ])('shows seeders 1 after a seeder announces and the scraper runs (%s scrape)', async (_kind, urlOf) => {
    // The seeder announces before the torrent is published, so the first scrape already sees it.
    const bytes = makeTorrent({ trackers: [urlOf(tracker)] });
    const { infoHash } = parseMetainfo(bytes);
    await announceHttpSeeder(tracker, infoHash);
    const res = await publishTorrent(server.url, bytes, {}, token);
    expect(res.status).toBe(201);
    const swarm = await swarmOf(server, infoHash, 1);
    expect(swarm.leechers).toBe(0);
    const page = await (await fetch(`${server.url}/t/${infoHash}`)).text();
    expect(page).toContain('<span id="seeders">1</span> seeders');
    expect(page).toMatch(/scraped (just now|1 minute ago)/);
  });

  it('shows seeders 1 for a WebRTC seeder scraped over WebSocket', async () => {
    const bytes = makeTorrent({ trackers: [`ws://127.0.0.1:${tracker.httpPort}`] });
    const { infoHash } = parseMetainfo(bytes);
    sockets.push(await announceWsSeeder(tracker, infoHash));
    expect((await publishTorrent(server.url, bytes, {}, token)).status).toBe(201);
    await swarmOf(server, infoHash, 1);
  });

  it('backs off from a tracker that does not answer and keeps serving', async () => {
    const dead = makeTorrent({ trackers: ['http://127.0.0.1:9/announce'] });
    const { infoHash } = (await (await publishTorrent(server.url, dead, {}, token)).json()) as { infoHash: string };
    const state = () => {
      const db = new Sqlite(server.dbFile, { readonly: true });
      try {
        return db
          .prepare(
            'SELECT scrape_failures AS failures, next_scrape_at AS next, scraped_at AS scraped FROM torrents WHERE info_hash = ?',
          )
          .get(infoHash) as { failures: number; next: number; scraped: number | null };
      } finally {
        db.close();
      }
    };
    const deadline = Date.now() + 15_000;
    while (state().failures === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(state().failures).toBe(1);
    await new Promise((r) => setTimeout(r, 2500));
    const after = state();
    expect(after).toMatchObject({ failures: 1, scraped: null });
    expect(after.next - Date.now()).toBeGreaterThan(60_000);
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });
});
