import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';
import { feedItems, parseXml } from '../helpers/xml.js';

const PUBLIC = 'https://search.example.test/base';

describe('search server: Torznab and RSS', () => {
  let server: TestSearchServer;
  const published: { infoHash: string; title: string; category: string; size: number }[] = [];

  beforeAll(async () => {
    server = await startTestSearchServer({ publishRate: 1000, publicUrl: PUBLIC });
    const token = server.token();
    const entries = [
      { title: 'Some.Show.S02E05.1080p.WEB-DL.x264-GROUP', category: '5040', size: 50_000 },
      { title: 'Some.Show.S02E06.1080p.WEB-DL.x264-GROUP', category: '5040', size: 60_000 },
      { title: 'A Movie (2019) 2160p', category: '2045', size: 70_000 },
      { title: 'Artist - Album (2019) [FLAC]', category: '3040', size: 80_000 },
    ];
    for (const e of entries) {
      const res = await publishTorrent(
        server.url,
        makeTorrent({ files: [{ path: ['f.bin'], length: e.size }] }),
        e,
        token,
      );
      expect(res.status).toBe(201);
      published.push({ ...e, infoHash: ((await res.json()) as { infoHash: string }).infoHash });
    }
  });
  afterAll(() => server.stop());

  it('describes itself with t=caps', async () => {
    const res = await fetch(`${server.url}/torznab/api?t=caps`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const caps = parseXml(await res.text()) as {
      caps: {
        server: { '@_title': string };
        limits: { '@_max': string; '@_default': string };
        searching: Record<string, { '@_available': string; '@_supportedParams': string }>;
        categories: { category: { '@_id': string; '@_name': string; subcat?: { '@_id': string }[] }[] };
      };
    };
    expect(caps.caps.server['@_title']).toBe('Shoal search');
    expect(caps.caps.limits).toEqual({ '@_max': '100', '@_default': '50' });
    expect(caps.caps.searching.search).toEqual({ '@_available': 'yes', '@_supportedParams': 'q' });
    expect(caps.caps.searching['tv-search']!['@_supportedParams']).toBe('q,season,ep');
    expect(caps.caps.searching['movie-search']!['@_available']).toBe('yes');
    const ids = caps.caps.categories.category.map((c) => c['@_id']);
    expect(ids).toEqual(expect.arrayContaining(['2000', '3000', '4000', '5000', '7000', '8000']));
    const tv = caps.caps.categories.category.find((c) => c['@_id'] === '5000')!;
    expect(tv['@_name']).toBe('TV');
    expect(tv.subcat!.map((s) => s['@_id'])).toContain('5040');
  });

  it('returns items with the required elements and torznab attributes', async () => {
    const res = await fetch(`${server.url}/torznab/api?t=search&q=album&extended=1`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    const doc = parseXml(xml) as { rss: { '@_version': string; '@_xmlns:torznab': string } };
    expect(doc.rss['@_version']).toBe('2.0');
    expect(doc.rss['@_xmlns:torznab']).toBe('http://torznab.com/schemas/2015/feed');
    const items = feedItems(xml);
    expect(items).toHaveLength(1);
    const item = items[0]!;
    const album = published[3]!;
    expect(item.title).toBe(album.title);
    expect(item.guid['#text']).toBe(`${PUBLIC}/t/${album.infoHash}`);
    expect(item.link).toBe(`${PUBLIC}/t/${album.infoHash}.torrent`);
    expect(item.comments).toBe(`${PUBLIC}/t/${album.infoHash}`);
    expect(new Date(item.pubDate).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(item.size).toBe('80000');
    expect(item.category).toEqual(['3040', '3000']);
    expect(item.enclosure).toEqual({
      '@_url': `${PUBLIC}/t/${album.infoHash}.torrent`,
      '@_length': '80000',
      '@_type': 'application/x-bittorrent',
    });
    expect(item.attrs.get('category')).toEqual(['3040', '3000']);
    expect(item.attrs.get('size')).toEqual(['80000']);
    expect(item.attrs.get('seeders')).toEqual(['0']);
    expect(item.attrs.get('leechers')).toEqual(['0']);
    expect(item.attrs.get('peers')).toEqual(['0']);
    expect(item.attrs.get('infohash')).toEqual([album.infoHash]);
    expect(item.attrs.get('magneturl')![0]).toMatch(new RegExp(`^magnet:\\?xt=urn:btih:${album.infoHash}&dn=`));
  });

  it('returns the newest items for an empty query (RSS sync), filters by category and pages by offset', async () => {
    const all = feedItems(await (await fetch(`${server.url}/torznab/api?t=search`)).text());
    expect(all.map((i) => i.title)).toEqual(published.map((p) => p.title).reverse());
    const tv = feedItems(await (await fetch(`${server.url}/torznab/api?t=tvsearch&cat=5000`)).text());
    expect(tv.map((i) => i.title).sort()).toEqual([published[0]!.title, published[1]!.title]);
    const episode = feedItems(
      await (await fetch(`${server.url}/torznab/api?t=tvsearch&q=some+show&season=2&ep=6`)).text(),
    );
    expect(episode.map((i) => i.title)).toEqual([published[1]!.title]);
    const season = feedItems(await (await fetch(`${server.url}/torznab/api?t=tvsearch&q=some+show&season=2`)).text());
    expect(season).toHaveLength(2);
    const movies = feedItems(await (await fetch(`${server.url}/torznab/api?t=movie&cat=2000`)).text());
    expect(movies.map((i) => i.title)).toEqual([published[2]!.title]);
    const page2 = feedItems(await (await fetch(`${server.url}/torznab/api?t=search&offset=1&limit=2`)).text());
    expect(page2.map((i) => i.title)).toEqual([published[2]!.title, published[1]!.title]);
  });

  it('answers errors as <error code description> with a 4xx', async () => {
    const cases: [string, string, RegExp][] = [
      ['', '200', /missing parameter t/],
      ['t=nonsense', '202', /t=nonsense is not a function/],
      ['t=search&cat=123', '201', /category "123" is not a known category/],
      ['t=search&offset=abc', '201', /offset must be a whole number/],
      ['t=search&limit=500', '201', /limit must be between 1 and 100/],
      ['t=search&q=%FF', '201', /not valid percent-encoded UTF-8/],
    ];
    for (const [query, code, description] of cases) {
      const res = await fetch(`${server.url}/torznab/api?${query}`);
      expect(res.status, query).toBe(400);
      const doc = parseXml(await res.text()) as { error: { '@_code': string; '@_description': string } };
      expect(doc.error['@_code'], query).toBe(code);
      expect(doc.error['@_description'], query).toMatch(description);
    }
  });

  it('serves an RSS 2.0 feed of the newest torrents, optionally by category', async () => {
    const res = await fetch(`${server.url}/rss`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    const doc = parseXml(xml) as {
      rss: { channel: { title: string; link: string; 'atom:link': { '@_href': string; '@_rel': string } } };
    };
    expect(doc.rss.channel.title).toBe('Shoal search');
    expect(doc.rss.channel.link).toBe(`${PUBLIC}/`);
    expect(doc.rss.channel['atom:link']).toMatchObject({ '@_href': `${PUBLIC}/rss`, '@_rel': 'self' });
    expect(feedItems(xml).map((i) => i.title)).toEqual(published.map((p) => p.title).reverse());
    const audio = feedItems(await (await fetch(`${server.url}/rss?cat=3000`)).text());
    expect(audio.map((i) => i.title)).toEqual([published[3]!.title]);
    expect((await fetch(`${server.url}/rss?cat=1`)).status).toBe(400);
  });
});
