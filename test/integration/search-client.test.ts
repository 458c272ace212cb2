import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadTorrent,
  publishTorrent,
  searchServerUrl,
  searchTorrents,
  SearchClientError,
} from '../../core/engine/search-client/index.js';
import { makeTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';

async function failure(run: Promise<unknown>): Promise<SearchClientError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SearchClientError);
  return error as SearchClientError;
}

/** A local HTTP server that answers every request with `handler`. */
async function fakeServer(handler: Parameters<typeof createServer>[1]): Promise<{ url: URL; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('against a real search server', () => {
  let server: TestSearchServer;
  let base: URL;
  let token: string;

  beforeAll(async () => {
    server = await startTestSearchServer();
    base = new URL(server.url);
    token = server.token();
  });
  afterAll(() => server.stop());

  it('publishes, finds and downloads a torrent byte for byte', async () => {
    const bytes = makeTorrent({ name: 'client-roundtrip', trackers: ['wss://t.example'] });
    const published = await publishTorrent(base, token, bytes, {
      title: 'Client Roundtrip',
      category: 4000,
      description: 'from the engine',
      tags: ['x', 'y'],
    });
    expect(published.url).toBe(`${server.url}/t/${published.infoHash}`);
    const page = await searchTorrents(base, { text: 'roundtrip', categories: [4000], sort: 'newest', limit: 5 });
    expect(page).toMatchObject({ total: 1, totalIsEstimate: false });
    expect(page.items).toEqual([
      expect.objectContaining({
        infoHash: published.infoHash,
        name: 'client-roundtrip',
        title: 'Client Roundtrip',
        category: 4000,
        url: published.url,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    expect(await downloadTorrent(base, published.infoHash)).toEqual(bytes);
  });

  it('reports refusals with the status, the server’s code and the existing entry', async () => {
    const bytes = makeTorrent();
    await publishTorrent(base, token, bytes, {});
    const duplicate = await failure(publishTorrent(base, token, bytes, {}));
    expect(duplicate).toMatchObject({ code: 'refused', status: 409, serverCode: 'duplicate' });
    expect(duplicate.message).toMatch(/^refused by the server \(HTTP 409\): .*already published.*\(existing entry: /);
    expect(duplicate.existingUrl).toMatch(new RegExp(`^${server.url}/t/`));
    expect(await failure(publishTorrent(base, undefined, makeTorrent(), {}))).toMatchObject({ status: 401 });
    expect(await failure(searchTorrents(base, { text: 'x', limit: 1000 }))).toMatchObject({
      code: 'refused',
      status: 400,
    });
    expect(await failure(downloadTorrent(base, 'f'.repeat(40)))).toMatchObject({
      status: 404,
      serverCode: 'not-found',
    });
  });

  it('resolves below a base path with or without its trailing slash', async () => {
    const page = await searchTorrents(new URL(`${server.url}`), { text: '' });
    expect(page.items.length).toBeGreaterThan(0);
    expect(searchServerUrl('http://h.example/shoal').href).toBe('http://h.example/shoal/');
    expect(() => searchServerUrl('ftp://h.example')).toThrow(expect.objectContaining({ code: 'bad-url' }));
    expect(() => searchServerUrl('not a url')).toThrow(expect.objectContaining({ code: 'bad-url' }));
  });
});

describe('against broken servers', () => {
  it('a closed port is "unreachable"', async () => {
    const fake = await fakeServer((_req, res) => res.end());
    await fake.close();
    const error = await failure(searchTorrents(fake.url, { text: 'x' }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/is unreachable \(ECONNREFUSED\)/);
  });

  it('an answer that is not JSON, or of the wrong shape, is "bad-answer"', async () => {
    const fake = await fakeServer((req, res) => {
      if (req.method === 'POST') res.writeHead(201, { 'content-type': 'application/json' }).end('{"url": 5}');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
    });
    try {
      expect(await failure(searchTorrents(fake.url, { text: 'x' }))).toMatchObject({ code: 'bad-answer' });
      const error = await failure(publishTorrent(fake.url, undefined, makeTorrent(), {}));
      expect(error).toMatchObject({ code: 'bad-answer', message: expect.stringMatching(/\(HTTP 201\)$/) });
    } finally {
      await fake.close();
    }
  });

  it('an answer over the cap is "bad-answer", read no further', async () => {
    const fake = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-bittorrent' });
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    try {
      const error = await failure(downloadTorrent(fake.url, 'a'.repeat(40)));
      expect(error).toMatchObject({ code: 'bad-answer', message: expect.stringMatching(/over 16777216 bytes/) });
    } finally {
      await fake.close();
    }
  });

  it('the caller’s signal is "aborted"', async () => {
    const fake = await fakeServer(() => undefined);
    try {
      const controller = new AbortController();
      const pending = searchTorrents(fake.url, { text: 'x' }, controller.signal);
      setTimeout(() => controller.abort(), 50);
      expect(await failure(pending)).toMatchObject({ code: 'aborted' });
    } finally {
      await fake.close();
    }
  });
});
