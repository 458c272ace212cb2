import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';
import { feedItems } from '../helpers/xml.js';

/** Hostile titles: each must come back as the same text, never as markup, in every page and feed. */
const TITLES = [
  '<script>alert(1)</script> xss',
  '"><img src=x onerror=alert(1)> xss',
  'javascript:alert(1) xss',
  '</title><script>alert(2)</script> xss',
  ']]><![CDATA[<script>alert(3)</script>]]> xss',
  'Tom &amp; Jerry & friends xss',
  `'single' "double" \`back\` xss`,
];
const DESCRIPTION = '<iframe src="javascript:alert(4)"></iframe>\n\u202Egnp.exe & more';
const TAGS = ['<b>bold</b>', '" onmouseover="alert(5)'];
const TORRENT_NAME = '"><svg onload=alert(7)> xss';
const FILE_NAME = '<img src=x onerror=alert(6)>.txt';

/** What must never appear in a page: live markup from the corpus, or an attribute broken open. */
const FORBIDDEN_HTML = ['<script', '<img', '<svg', '<iframe', '<b>', '<![CDATA[', '" onmouseover='];

function expectSafeHtml(page: string, where: string): void {
  for (const bad of FORBIDDEN_HTML) expect(page.includes(bad), `${where} contains ${bad}`).toBe(false);
  expect(page.match(/<\/title>/g), `${where}: </title> only once`).toHaveLength(1);
  expect(page, where).not.toMatch(/(href|src|action)="\s*javascript:/i);
}

describe('search server: an XSS corpus renders escaped in every page and feed', () => {
  let server: TestSearchServer;
  const hashes: string[] = [];

  beforeAll(async () => {
    server = await startTestSearchServer({ publishRate: 1000 });
    const token = server.token();
    for (const [i, title] of TITLES.entries()) {
      const bytes = makeTorrent({
        name: i === 0 ? TORRENT_NAME : `xss-${i}`,
        files: [
          { path: [FILE_NAME], length: 1000 },
          { path: ['dir & <folder>', 'inner.txt'], length: 10 },
        ],
      });
      const res = await publishTorrent(
        server.url,
        bytes,
        { title, description: DESCRIPTION, tags: TAGS.join(','), category: '2040' },
        token,
      );
      expect(res.status, title).toBe(201);
      hashes.push(((await res.json()) as { infoHash: string }).infoHash);
    }
  });
  afterAll(() => server.stop());

  it('escapes the home page, search results and publish form', async () => {
    const home = await (await fetch(`${server.url}/`)).text();
    expectSafeHtml(home, 'home');
    expect(home).toContain('&lt;script&gt;alert(1)&lt;/script&gt; xss');
    expect(home).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; xss');
    expect(home).toContain('Tom &amp;amp; Jerry &amp; friends xss');
    expect(home).toContain('&#39;single&#39; &quot;double&quot; &#96;back&#96; xss');

    for (const q of ['xss', '<script>', '"><img src=x', 'javascript:alert(1)', '</title>']) {
      const res = await fetch(`${server.url}/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const page = await res.text();
      expectSafeHtml(page, `search ${q}`);
    }
    const results = await (await fetch(`${server.url}/search?q=xss`)).text();
    for (const hash of hashes) expect(results).toContain(`href="/t/${hash}"`);
    const echoed = await (await fetch(`${server.url}/search?q=${encodeURIComponent('"><img src=x>')}`)).text();
    expect(echoed).toContain('value="&quot;&gt;&lt;img src=x&gt;"');
  });

  it('escapes every field of the torrent page, including file names, tags and the magnet link', async () => {
    for (const [i, hash] of hashes.entries()) {
      const page = await (await fetch(`${server.url}/t/${hash}`)).text();
      expectSafeHtml(page, `torrent ${i}`);
      expect(page).toContain('&lt;img src=x onerror=alert(6)&gt;.txt');
      expect(page).toContain('dir &amp; &lt;folder&gt;');
      expect(page).toContain(
        '&lt;iframe src=&quot;javascript:alert(4)&quot;&gt;&lt;/iframe&gt;\n\u202Egnp.exe &amp; more',
      );
      expect(page).toMatch(/<div class="description"><bdi>&lt;iframe/);
      expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
      expect(page).toContain(`href="/search?q=${encodeURIComponent('"<b>bold</b>"')}"`);
      expect(page).toContain('&quot; onmouseover=&quot;alert(5)');
    }
    const first = await (await fetch(`${server.url}/t/${hashes[0]}`)).text();
    expect(first).toContain(`<h1 class="title"><bdi>&lt;script&gt;alert(1)&lt;/script&gt; xss</bdi></h1>`);
    expect(first).toContain(`&amp;dn=${encodeURIComponent(TORRENT_NAME)}`);
    expect(first).toContain(`<title>&lt;script&gt;alert(1)&lt;/script&gt; xss · Shoal search</title>`);
  });

  it('keeps the JSON API free of raw markup characters', async () => {
    const res = await fetch(`${server.url}/api/v1/torrents/${hashes[0]}`);
    const text = await res.text();
    expect(text).not.toMatch(/[<>]/);
    expect((JSON.parse(text) as { title: string }).title).toBe(TITLES[0]);
  });

  it('escapes RSS and Torznab XML so that each title parses back to the exact text', async () => {
    for (const path of ['/rss', '/torznab/api?t=search&q=xss', '/torznab/api?t=movie&q=xss&cat=2000']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      const xml = await res.text();
      expect(xml, path).not.toMatch(/<script|<img|<svg|<iframe|<!\[CDATA\[/);
      const items = feedItems(xml);
      expect(items.map((item) => item.title).sort(), path).toEqual([...TITLES].sort());
      for (const item of items) {
        expect(item.enclosure['@_type']).toBe('application/x-bittorrent');
        expect(item.attrs.get('magneturl')?.[0]).toMatch(/^magnet:\?xt=urn:btih:[0-9a-f]{40}&dn=/);
      }
    }
  });
});
