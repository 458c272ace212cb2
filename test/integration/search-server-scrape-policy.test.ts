import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { parseMetainfo } from '../../core/protocol/metainfo.js';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';

/**
 * Trackers on 127.0.0.1 that count what reaches them: HTTP requests and WebSocket upgrades on one
 * port, UDP datagrams on another. They never answer usefully; only the counts matter.
 */
let http: Server;
let udp: UdpSocket;
const seen = { http: 0, ws: 0, udp: 0 };

beforeAll(async () => {
  http = createServer((_req, res) => {
    seen.http++;
    res.writeHead(503).end();
  });
  new WebSocketServer({ server: http }).on('connection', (ws) => {
    seen.ws++;
    ws.terminate();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  udp = createSocket('udp4').on('message', () => seen.udp++);
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  udp.close();
});

/** One torrent per protocol, each naming one of the counting trackers (the WebSocket one by name). */
function internalTorrents(): Uint8Array[] {
  const httpPort = (http.address() as AddressInfo).port;
  return [
    `http://127.0.0.1:${httpPort}/announce`,
    `udp://127.0.0.1:${udp.address().port}`,
    `ws://localhost:${httpPort}`,
  ].map((url) => makeTorrent({ trackers: [url] }));
}

interface ScrapeState {
  failures: number;
  scraped: number | null;
}

function scrapeState(server: TestSearchServer, infoHash: string): ScrapeState {
  const db = new Sqlite(server.dbFile, { readonly: true });
  try {
    return db
      .prepare('SELECT scrape_failures AS failures, scraped_at AS scraped FROM torrents WHERE info_hash = ?')
      .get(infoHash) as ScrapeState;
  } finally {
    db.close();
  }
}

/** Publishes the torrents, then waits until the scraper has given up on each of them once. */
async function publishAndAwaitFailures(server: TestSearchServer): Promise<ScrapeState[]> {
  const token = server.token();
  const hashes: string[] = [];
  for (const bytes of internalTorrents()) {
    expect((await publishTorrent(server.url, bytes, {}, token)).status).toBe(201);
    hashes.push(parseMetainfo(bytes).infoHash);
  }
  const deadline = Date.now() + 15_000;
  const states = () => hashes.map((hash) => scrapeState(server, hash));
  while (states().some((s) => s.failures === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return states();
}

describe('search server scraper and trackers at internal addresses', () => {
  it('by default records a failure for them without sending them anything', async () => {
    const server = await startTestSearchServer({ scrapeInterval: 1, scrapeTimeout: 1000 });
    const before = { ...seen };
    try {
      const states = await publishAndAwaitFailures(server);
      expect(states).toEqual(states.map(() => ({ failures: 1, scraped: null })));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual(before);
    } finally {
      await server.stop();
    }
  });

  it("trusts the operator's own --tracker URLs at internal addresses", async () => {
    const httpPort = (http.address() as AddressInfo).port;
    const own = `http://127.0.0.1:${httpPort}/announce`;
    const server = await startTestSearchServer({ scrapeInterval: 1, scrapeTimeout: 1000, tracker: [own] });
    const before = { ...seen };
    try {
      const bytes = makeTorrent({ trackers: [own] });
      expect((await publishTorrent(server.url, bytes, {}, server.token())).status).toBe(201);
      const deadline = Date.now() + 15_000;
      while (seen.http === before.http && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(seen.http).toBeGreaterThan(before.http);
    } finally {
      await server.stop();
    }
  });

  it('with scrapePrivateTrackers on, contacts them over every protocol', async () => {
    const server = await startTestSearchServer({ scrapeInterval: 1, scrapeTimeout: 1000, scrapePrivateTrackers: true });
    const before = { ...seen };
    try {
      const states = await publishAndAwaitFailures(server);
      // These trackers never answer a scrape properly, so each still fails, but only after being asked.
      // The first may already have been retried (and failed again) while a slower one times out.
      expect(states.every((s) => s.failures >= 1 && s.scraped === null)).toBe(true);
      expect(seen.http).toBeGreaterThan(before.http);
      expect(seen.ws).toBeGreaterThan(before.ws);
      expect(seen.udp).toBeGreaterThan(before.udp);
    } finally {
      await server.stop();
    }
  });
});
