import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';

describe('search server: publish, search, page, download', () => {
  let server: TestSearchServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestSearchServer({ publishRate: 1000 });
    token = server.token();
  });
  afterAll(() => server.stop());

  it('serves back the identical .torrent bytes after publish → search → page → download', async () => {
    const bytes = makeTorrent({
      name: 'Ubuntu.Desktop.Pack',
      files: [
        { path: ['iso', 'ubuntu-24.04-desktop-amd64.iso'], length: 70_000 },
        { path: ['README.txt'], length: 1200 },
      ],
      trackers: ['http://127.0.0.1:1/announce'],
    });
    const published = await publishTorrent(
      server.url,
      bytes,
      { title: 'Ubuntu 24.04 desktop', category: '4000', tags: 'linux, iso', description: 'line one\nline two' },
      token,
    );
    expect(published.status).toBe(201);
    const created = (await published.json()) as { infoHash: string; url: string; torrentUrl: string };
    expect(created.infoHash).toMatch(/^[0-9a-f]{40}$/);
    expect(published.headers.get('location')).toBe(created.url);

    const search = await fetch(`${server.url}/api/v1/search?q=ubuntu`);
    expect(search.status).toBe(200);
    const found = (await search.json()) as { items: { infoHash: string; url: string }[]; total: number };
    expect(found.items.map((i) => i.infoHash)).toContain(created.infoHash);

    const byFile = await (await fetch(`${server.url}/api/v1/search?q=amd64`)).json();
    expect((byFile as typeof found).items[0]?.infoHash).toBe(created.infoHash);

    const html = await (await fetch(`${server.url}/search?q=ubuntu+desktop`)).text();
    expect(html).toContain(`href="/t/${created.infoHash}"`);

    const page = await fetch(created.url);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Ubuntu 24.04 desktop');
    expect(text).toContain('ubuntu-24.04-desktop-amd64.iso');
    expect(text).toContain('<code>http://127.0.0.1:1/announce</code>');
    expect(text).toContain(
      `magnet:?xt=urn:btih:${created.infoHash}&amp;dn=Ubuntu.Desktop.Pack&amp;tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce`,
    );
    expect(text).toContain('line one\nline two');

    const download = await fetch(created.torrentUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-bittorrent');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Ubuntu.Desktop.Pack.torrent"; filename*=UTF-8''Ubuntu.Desktop.Pack.torrent`,
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

    const api = await fetch(`${server.url}/api/v1/torrents/${created.infoHash}/torrent`);
    expect(new Uint8Array(await api.arrayBuffer())).toEqual(bytes);

    const detail = (await (await fetch(`${server.url}/api/v1/torrents/${created.infoHash}`)).json()) as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({
      title: 'Ubuntu 24.04 desktop',
      category: 4000,
      tags: ['linux', 'iso'],
      size: 71_200,
    });
  });

  it('sends a UTF-8 file name with an ASCII fallback in Content-Disposition', async () => {
    const bytes = makeTorrent({ name: 'Café "quoted" 東京' });
    const created = (await (await publishTorrent(server.url, bytes, {}, token)).json()) as { torrentUrl: string };
    const download = await fetch(created.torrentUrl);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Caf_ _quoted_ __.torrent"; filename*=UTF-8''Caf%C3%A9%20%22quoted%22%20%E6%9D%B1%E4%BA%AC.torrent`,
    );
  });

  it('answers 409 pointing at the existing entry when the same infohash comes twice', async () => {
    const bytes = makeTorrent();
    const first = (await (await publishTorrent(server.url, bytes, {}, token)).json()) as {
      id: number;
      infoHash: string;
    };
    const rows = server.rowCount();
    const again = await publishTorrent(server.url, bytes, { title: 'another title' }, token);
    expect(again.status).toBe(409);
    const body = (await again.json()) as { error: { code: string; message: string }; existing: { url: string } };
    expect(body.error.code).toBe('duplicate');
    expect(body.error.message).toContain(first.infoHash);
    const existing = await fetch(new URL(body.existing.url, server.url));
    expect(existing.status).toBe(200);
    expect(await existing.text()).toContain(first.infoHash);
    expect(server.rowCount()).toBe(rows);
  });

  it('requires a publisher token, refusing missing, unknown and revoked ones', async () => {
    const rows = server.rowCount();
    const none = await publishTorrent(server.url, makeTorrent());
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('token-required');
    const wrong = await publishTorrent(server.url, makeTorrent(), {}, 'not-a-real-token');
    expect(wrong.status).toBe(401);
    const malformed = await fetch(`${server.url}/api/v1/torrents`, {
      method: 'POST',
      headers: { authorization: 'Basic x' },
    });
    expect(malformed.status).toBe(401);
    expect(server.rowCount()).toBe(rows);
  });

  it('publishes from the web form with the token as a field and redirects to the page', async () => {
    const bytes = makeTorrent({ name: 'form-upload' });
    const res = await publishTorrent(server.url, bytes, { token, title: 'From the form' }, undefined, '/publish');
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/t\/[0-9a-f]{40}$/);
    expect(await (await fetch(new URL(location, server.url))).text()).toContain('From the form');
    const refused = await publishTorrent(server.url, makeTorrent(), { title: 'kept title' }, undefined, '/publish');
    expect(refused.status).toBe(401);
    const html = await refused.text();
    expect(html).toContain('an API token is required');
    expect(html).toContain('value="kept title"');
  });

  it('sends strict security headers on every page', async () => {
    for (const path of ['/', '/search?q=x', '/publish', '/nowhere']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const text = await res.text();
      expect(text).not.toMatch(/<script|style=|\son[a-z]+=/i);
    }
    const css = await fetch(`${server.url}/static/style.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('hides and deletes with an admin token only, and keeps a blocklist', async () => {
    const admin = server.token('admin');
    const bytes = makeTorrent({ name: 'moderated' });
    const { infoHash } = (await (await publishTorrent(server.url, bytes, {}, token)).json()) as { infoHash: string };
    const asPublisher = await fetch(`${server.url}/api/v1/torrents/${infoHash}/hide`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asPublisher.status).toBe(403);
    const hide = await fetch(`${server.url}/api/v1/torrents/${infoHash}/hide`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(hide.status).toBe(204);
    expect((await fetch(`${server.url}/t/${infoHash}`)).status).toBe(404);
    const search = (await (await fetch(`${server.url}/api/v1/search?q=moderated`)).json()) as { items: unknown[] };
    expect(search.items).toHaveLength(0);

    const block = await fetch(`${server.url}/api/v1/blocklist`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ infoHash, reason: 'copyright notice 42' }),
    });
    expect(block.status).toBe(201);
    expect(await block.json()).toEqual({ infoHash, deleted: true });
    const again = await publishTorrent(server.url, bytes, {}, token);
    expect(again.status).toBe(451);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain('copyright notice 42');
    const unblock = await fetch(`${server.url}/api/v1/blocklist/${infoHash}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(unblock.status).toBe(204);
    expect((await publishTorrent(server.url, bytes, {}, token)).status).toBe(201);
    const del = await fetch(`${server.url}/api/v1/torrents/${infoHash}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(del.status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/torrents/${infoHash}`)).status).toBe(404);
  });

  it('reports stats as JSON', async () => {
    const stats = (await (await fetch(`${server.url}/api/v1/stats`)).json()) as { torrents: number; visible: number };
    expect(stats.torrents).toBe(server.rowCount());
    expect(stats.visible).toBeGreaterThan(0);
  });

  it('pages search results with keyset cursors, in the API and in the page links', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await publishTorrent(server.url, makeTorrent({ name: `pager-item-${i}` }), {}, token);
      expect(res.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const url = `${server.url}/api/v1/search?q=pager&sort=newest&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await (await fetch(url)).json()) as {
        items: { name: string }[];
        nextCursor?: string;
        total: number;
      };
      expect(page.total).toBe(5);
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `pager-item-${i}`));

    const first = await (await fetch(`${server.url}/search?q=pager&sort=newest&limit=2`)).text();
    const next = /<a rel="next" href="([^"]+)"/.exec(first)?.[1];
    expect(next).toBeDefined();
    const second = await (await fetch(`${server.url}${next!.replace(/&amp;/g, '&')}`)).text();
    expect(second).toContain('pager-item-2');
    expect(second).not.toContain('pager-item-4');
  });
});

describe('search server: anonymous publishing and proxies', () => {
  it('publishes without a token only when --anonymous-publish is on', async () => {
    const open = await startTestSearchServer({ anonymousPublish: true });
    try {
      expect((await publishTorrent(open.url, makeTorrent())).status).toBe(201);
      expect(await (await fetch(`${open.url}/publish`)).text()).not.toContain('name="token"');
      expect((await publishTorrent(open.url, makeTorrent(), {}, 'bogus')).status).toBe(401);
    } finally {
      await open.stop();
    }
  });

  it('rate-limits by the forwarded address only when --trust-proxy is set', async () => {
    const proxied = await startTestSearchServer({ trustProxy: 1, searchRate: 1 });
    const direct = await startTestSearchServer({ searchRate: 1 });
    try {
      const search = (url: string, from: string) =>
        fetch(`${url}/api/v1/search?q=x`, { headers: { 'x-forwarded-for': from } }).then((r) => r.status);
      expect(await search(proxied.url, '203.0.113.1')).toBe(200);
      expect(await search(proxied.url, '203.0.113.2')).toBe(200);
      expect(await search(proxied.url, '203.0.113.1')).toBe(429);
      expect(await search(direct.url, '203.0.113.1')).toBe(200);
      expect(await search(direct.url, '203.0.113.2')).toBe(429);
    } finally {
      await proxied.stop();
      await direct.stop();
    }
  });
});
