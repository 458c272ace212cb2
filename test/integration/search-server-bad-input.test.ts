import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileTorrents } from '../fixtures/hostile.js';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';

type ErrorBody = { error: { code: string; message: string } };

/** Sends a raw body (what fetch's FormData cannot produce: broken multipart, wrong bytes). */
function rawPost(
  url: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method: 'POST', headers: { ...headers, 'content-length': body.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('search server: bad input gets a clear 4xx, stores nothing, and the server keeps serving', () => {
  let server: TestSearchServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestSearchServer({ publishRate: 10_000, searchRate: 10_000, maxUploadBytes: 1024 * 1024 });
    token = server.token();
  });
  afterAll(() => server.stop());

  it('refuses every torrent of the hostile corpus with a 4xx naming the problem, storing no row', async () => {
    expect(hostileTorrents.length).toBeGreaterThanOrEqual(30);
    for (const hostile of hostileTorrents) {
      const res = await publishTorrent(server.url, hostile.bytes, { title: hostile.name }, token);
      const body = (await res.json()) as ErrorBody;
      expect(res.status, hostile.name).toBeGreaterThanOrEqual(400);
      expect(res.status, hostile.name).toBeLessThan(500);
      if (res.status === 400) {
        expect(body.error.code, hostile.name).toBe('bad-torrent');
        const message = typeof hostile.message === 'string' ? hostile.message : hostile.message.source;
        if (typeof hostile.message === 'string') expect(body.error.message, hostile.name).toContain(message);
        else expect(body.error.message, hostile.name).toMatch(hostile.message);
      } else {
        expect(body.error.code, hostile.name).toBe('too-large');
      }
    }
    expect(server.rowCount()).toBe(0);
    expect((await publishTorrent(server.url, makeTorrent(), {}, token)).status).toBe(201);
  });

  it('refuses malformed multipart bodies, non-torrent files, a missing file and oversize uploads', async () => {
    const rows = server.rowCount();
    const auth = { authorization: `Bearer ${token}` };
    const truncated = await rawPost(
      server.url,
      '/api/v1/torrents',
      {
        ...auth,
        'content-type': 'multipart/form-data; boundary=XyZ',
      },
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="torrent"; filename="a.torrent"\r\n\r\nd4:info'),
    );
    expect(truncated.status).toBe(400);
    expect((JSON.parse(truncated.body) as ErrorBody).error.message).toMatch(/malformed multipart/);

    const noBoundary = await rawPost(
      server.url,
      '/api/v1/torrents',
      { ...auth, 'content-type': 'multipart/form-data' },
      Buffer.from('x'),
    );
    expect(noBoundary.status).toBe(400);

    const json = await rawPost(
      server.url,
      '/api/v1/torrents',
      { ...auth, 'content-type': 'application/json' },
      Buffer.from('{}'),
    );
    expect(json.status).toBe(415);

    const png = await publishTorrent(server.url, Buffer.from('\x89PNG\r\n\x1a\n0000'), {}, token);
    expect(png.status).toBe(400);
    expect(((await png.json()) as ErrorBody).error.message).toMatch(/^not a valid \.torrent file: /);

    const form = new FormData();
    form.set('title', 'no file');
    const missing = await fetch(`${server.url}/api/v1/torrents`, { method: 'POST', body: form, headers: auth });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as ErrorBody).error.code).toBe('missing-torrent');

    const unauthorised = await publishTorrent(server.url, new Uint8Array(900 * 1024), {}, 'bogus-token');
    expect(unauthorised.status).toBe(401);
    expect(((await unauthorised.json()) as ErrorBody).error.code).toBe('bad-token');

    const oversize = await publishTorrent(server.url, new Uint8Array(2 * 1024 * 1024), {}, token);
    expect(oversize.status).toBe(413);
    expect(((await oversize.json()) as ErrorBody).error.message).toContain('larger than the limit of 1048576 bytes');
    expect(server.rowCount()).toBe(rows);
  });

  it('refuses unknown categories, control characters, bidi overrides and invalid UTF-8 in fields', async () => {
    const rows = server.rowCount();
    const cases: [Record<string, string>, RegExp][] = [
      [{ category: '12345' }, /category "12345" is not a known category id/],
      [{ category: 'movies' }, /category "movies" is not a known category id/],
      [{ title: 'bell\u0007' }, /title contains control characters/],
      [{ title: 'evil\u202Egpj.exe' }, /title contains a bidirectional control character \(U\+202E\)/],
      [{ tags: 'ok, bad\u2066tag' }, /tags contains a bidirectional control character/],
      [{ description: 'nul\u0000here' }, /description contains control characters/],
      [{ title: 'x'.repeat(600) }, /title is 600 characters long/],
    ];
    for (const [fields, message] of cases) {
      const res = await publishTorrent(server.url, makeTorrent(), fields, token);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(((await res.json()) as ErrorBody).error.message).toMatch(message);
    }
    const boundary = 'B0und';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n`),
      Buffer.from([0x66, 0xff, 0xfe, 0x66]),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="torrent"; filename="t.torrent"\r\n\r\n`),
      Buffer.from(makeTorrent()),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const invalid = await rawPost(
      server.url,
      '/api/v1/torrents',
      {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    );
    expect(invalid.status).toBe(400);
    expect((JSON.parse(invalid.body) as ErrorBody).error.message).toMatch(/title is not valid UTF-8/);
    expect(server.rowCount()).toBe(rows);
  });

  it('treats FTS syntax in queries as text', async () => {
    const bytes = makeTorrent({ name: 'AC-DC.Back.In.Black.WEB-DL.C++' });
    expect((await publishTorrent(server.url, bytes, {}, token)).status).toBe(201);
    for (const q of [
      'WEB-DL',
      'AC/DC',
      'C++',
      'NOT',
      'name:x',
      '"unbalanced',
      '(',
      '^',
      'a OR',
      '*',
      'NEAR(a b)',
      "'; DROP TABLE torrents; --",
    ]) {
      const res = await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const page = await fetch(`${server.url}/search?q=${encodeURIComponent(q)}`);
      expect(page.status, q).toBe(200);
    }
    const hit = (await (await fetch(`${server.url}/api/v1/search?q=WEB-DL`)).json()) as { items: { name: string }[] };
    expect(hit.items.map((i) => i.name)).toContain('AC-DC.Back.In.Black.WEB-DL.C++');
  });

  it('refuses absurd offsets and page sizes, long queries, bad sorts and invalid UTF-8 in query strings', async () => {
    const cases: [string, number, RegExp][] = [
      ['offset=99999999', 400, /offset must be between 0 and 10000/],
      ['offset=-1', 400, /offset must be a whole number/],
      ['offset=1e9', 400, /offset must be a whole number/],
      ['limit=1000', 400, /limit must be between 1 and 100/],
      ['limit=0', 400, /limit must be between 1 and 100/],
      [`q=${'a'.repeat(300)}`, 400, /q is 300 characters long; at most 256/],
      ['q=%FF', 400, /parameter "q" is not valid percent-encoded UTF-8/],
      ['q=%E2%82', 400, /not valid percent-encoded UTF-8/],
      ['sort=random', 400, /sort must be one of/],
      ['cat=99999', 400, /category "99999" is not a known category/],
      ['min_size=huge', 400, /min_size must be a size/],
      ['cursor=garbage', 400, /./],
      ['cursor=abc&offset=5', 400, /either cursor or offset/],
    ];
    for (const [query, status, message] of cases) {
      const api = await fetch(`${server.url}/api/v1/search?${query}`);
      expect(api.status, query).toBe(status);
      expect(((await api.json()) as ErrorBody).error.message, query).toMatch(message);
      const page = await fetch(`${server.url}/search?${query}`);
      expect(page.status, query).toBe(status);
      expect(await page.text()).toContain('class="error"');
    }
    expect((await fetch(`${server.url}/api/v1/search?q=ok`)).status).toBe(200);
  });

  it('answers 404 with a message for unknown torrents and pages', async () => {
    for (const path of ['/t/0000000000000000000000000000000000000000', '/t/nonsense', '/t/1%FF', '/no/such/page']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(await res.text()).toContain('role="alert"');
    }
    const api = await fetch(`${server.url}/api/v1/torrents/ffffffffffffffffffffffffffffffffffffffff`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as ErrorBody).error.code).toBe('not-found');
  });
});

describe('search server: rate limits', () => {
  let server: TestSearchServer;
  beforeAll(async () => {
    server = await startTestSearchServer({ publishRate: 2, searchRate: 3 });
  });
  afterAll(() => server.stop());

  it('answers 429 past the per-address publish and search budgets', async () => {
    const token = server.token();
    expect((await publishTorrent(server.url, makeTorrent(), {}, token)).status).toBe(201);
    expect((await publishTorrent(server.url, makeTorrent(), {}, token)).status).toBe(201);
    const limited = await publishTorrent(server.url, makeTorrent(), {}, token);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as ErrorBody).error.message).toMatch(/at most 2 per minute/);
    expect(server.rowCount()).toBe(2);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/v1/search?q=x`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const torznab = await fetch(`${server.url}/torznab/api?t=search&q=x`);
    expect(torznab.status).toBe(429);
    expect(await torznab.text()).toContain('<error code="500"');
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });
});
