import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../search-server/feeds/xml.js';
import { contentDisposition } from '../../search-server/http/download.js';
import { parseQueryString, sizeParam } from '../../search-server/http/query.js';
import { RateLimiter } from '../../search-server/http/rate-limit.js';
import { fileTree } from '../../search-server/views/file-tree.js';
import { formatAgo } from '../../search-server/views/format.js';
import { href, html, raw } from '../../search-server/views/html.js';

/** Prettier lays out `html` templates as HTML; whitespace between tags carries no meaning. */
const compact = (markup: string) => markup.replace(/>\s+</g, '><').trim();

describe('html tagged template', () => {
  it('escapes every interpolated value for text and quoted attributes', () => {
    const evil = `<script>alert("x")</script>&'\``;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;</p>',
    );
  });

  it('passes nested fragments and raw() through, joins arrays and drops null, undefined and false', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    const list = html`<ul>
      ${items}
    </ul>`;
    expect(compact(list.value)).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`${null}${undefined}${false}${raw('<hr>')}${0}`.value).toBe('<hr>0');
  });

  it('percent-encodes query values in links so they cannot change the target', () => {
    expect(href('/search', { q: 'a&b=c#d "e"', cat: 2000, empty: '', none: undefined })).toBe(
      '/search?q=a%26b%3Dc%23d%20%22e%22&cat=2000',
    );
    expect(href('/search', {})).toBe('/search');
  });
});

describe('escapeXml', () => {
  it('escapes markup and replaces characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`]]><x a='1' b="2">&`)).toBe(']]&gt;&lt;x a=&apos;1&apos; b=&quot;2&quot;&gt;&amp;');
    expect(escapeXml('a\u0000b\u0008c\td\ne\uffff\ud800f')).toBe('a\ufffdb\ufffdc\td\ne\ufffd\ufffdf');
    expect(escapeXml('😀')).toBe('😀');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266 / 8187)', () => {
    expect(contentDisposition('plain-name')).toBe(
      `attachment; filename="plain-name.torrent"; filename*=UTF-8''plain-name.torrent`,
    );
    expect(contentDisposition(`evil"; filename="x.exe\\`)).toBe(
      `attachment; filename="evil__ filename=_x.exe_.torrent"; filename*=UTF-8''evil%22%3B%20filename%3D%22x.exe%5C.torrent`,
    );
    expect(contentDisposition("it's (ok)*")).toContain(`filename*=UTF-8''it%27s%20%28ok%29%2A.torrent`);
    expect(contentDisposition('日本')).toBe(
      `attachment; filename="__.torrent"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.torrent`,
    );
  });
});

describe('query strings', () => {
  it('decodes strictly, keeping repeated keys', () => {
    const params = parseQueryString('/search?q=a+b%20c&cat=1&cat=2&flag&=x');
    expect(params.get('q')).toEqual(['a b c']);
    expect(params.get('cat')).toEqual(['1', '2']);
    expect(params.get('flag')).toEqual(['']);
  });

  it('refuses invalid UTF-8 and broken escapes with a message naming the parameter', () => {
    expect(() => parseQueryString('/search?q=%FF')).toThrow('parameter "q" is not valid percent-encoded UTF-8');
    expect(() => parseQueryString('/search?q=%C3%28')).toThrow(/not valid percent-encoded UTF-8/);
    expect(() => parseQueryString('/search?q=%')).toThrow(/not valid/);
    expect(() => parseQueryString('/search?%FF=1')).toThrow('a parameter name is not valid percent-encoded UTF-8');
  });

  it('reads sizes with binary units', () => {
    const size = (v: string) => sizeParam(new Map([['s', [v]]]), 's');
    expect(size('700')).toBe(700);
    expect(size('700M')).toBe(700 * 2 ** 20);
    expect(size('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(size('2gb')).toBe(2 * 2 ** 30);
    expect(() => size('-1')).toThrow('s must be a size such as 700M or 1.5G');
    expect(() => size('1e9')).toThrow();
  });
});

describe('RateLimiter', () => {
  it('allows a burst of perMinute, then refills continuously, per client', () => {
    const limiter = new RateLimiter(3);
    for (let i = 0; i < 3; i++) limiter.take('a', 'search', 0);
    expect(() => limiter.take('a', 'search', 0)).toThrow(/at most 3 per minute, try again in 20 s/);
    limiter.take('b', 'search', 0);
    limiter.take('a', 'search', 20_000);
    expect(() => limiter.take('a', 'search', 20_000)).toThrow();
  });

  it('stays bounded in clients by forgetting the oldest', () => {
    const limiter = new RateLimiter(1, 10);
    for (let i = 0; i < 100; i++) limiter.take(`client-${i}`, 'search', i);
    // client-0's empty bucket was evicted, so it starts full again; client-99's is still empty.
    limiter.take('client-0', 'search', 100);
    expect(() => limiter.take('client-99', 'search', 100)).toThrow();
  });
});

describe('formatting', () => {
  it('formats ages for people', () => {
    expect(formatAgo(0, 30_000)).toBe('just now');
    expect(formatAgo(0, 60_000)).toBe('1 minute ago');
    expect(formatAgo(0, 5 * 60_000)).toBe('5 minutes ago');
    expect(formatAgo(0, 3 * 3_600_000)).toBe('3 hours ago');
    expect(formatAgo(0, 3 * 86_400_000)).toBe('3 days ago');
  });

  it('renders a file list as nested folders', () => {
    const tree = compact(
      fileTree('root', [
        { path: ['a', 'b', 'c.txt'], length: 1 },
        { path: ['a', 'd.txt'], length: 2 },
        { path: ['e.txt'], length: 3 },
      ]).value,
    );
    expect(tree).toBe(
      '<ul class="tree"><li><details open><summary><bdi>root</bdi>/</summary><ul>' +
        '<li><details open><summary><bdi>a</bdi>/</summary><ul>' +
        '<li><details open><summary><bdi>b</bdi>/</summary><ul><li><bdi>c.txt</bdi><span class="size">1 B</span></li></ul></details></li>' +
        '<li><bdi>d.txt</bdi><span class="size">2 B</span></li></ul></details></li>' +
        '<li><bdi>e.txt</bdi><span class="size">3 B</span></li></ul></details></li></ul>',
    );
  });
});
