import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchQuery, TorrentSummary } from '../../search-server/db/types.js';
import { COUNT_CAP, MAX_LIMIT, MAX_OFFSET } from '../../search-server/db/types.js';
import { RANK_WINDOW } from '../../search-server/db/search-sql.js';
import { entry, tempDb, type TempDb } from './search-db-entries.js';

const TITLES: [string, number, string[]?][] = [
  ['Some.Show.S02E05.1080p.WEB-DL.x264-GROUP', 5040],
  ['Web Designer Handbook DL edition', 7020],
  ['AC/DC - Back in Black (1980) [FLAC]', 3040, ['01 - Hells Bells.flac', '02 - Shoot to Thrill.flac']],
  ['Learning C++ Primer 5th Edition', 7040],
  ['The C Programming Language', 7040],
  ['Cats NOT Dogs documentary', 5080],
  ['Ubuntu 22.04 desktop amd64', 4020],
  ['name:x strange title', 8000],
  ['Café Crème Jazz', 3010],
  ['Holiday Photos', 8010, ['beach', 'sunset unicorn.jpg']],
  ['Unicorn Stories for Kids', 7020],
];

let t: TempDb;
const ids = new Map<string, number>();

function titles(query: SearchQuery): string[] {
  return t.db.searcher.search(query).items.map((i) => i.title);
}

beforeAll(() => {
  t = tempDb();
  TITLES.forEach(([title, category, paths], i) => {
    const files = (paths ?? [`${title}.bin`]).map((p, j) => ({ path: p.split('/'), length: 1000 * (i + 1) + j }));
    const { id } = t.db.torrents.insert(entry(title, { category, files, createdAt: 1000 + i }));
    ids.set(title, id);
    t.db.torrents.recordScrape(id, { seeders: (i * 7) % 5, leechers: i, completed: 0 }, 5000);
  });
});
afterAll(() => t.cleanup());

describe('what a person types is text, never FTS5 syntax', () => {
  it.each([
    ['WEB-DL', ['Some.Show.S02E05.1080p.WEB-DL.x264-GROUP']],
    ['web-dl', ['Some.Show.S02E05.1080p.WEB-DL.x264-GROUP']],
    ['AC/DC', ['AC/DC - Back in Black (1980) [FLAC]']],
    ['C++', ['Learning C++ Primer 5th Edition']],
    ['NOT', ['Cats NOT Dogs documentary']],
    ['cats NOT dogs', ['Cats NOT Dogs documentary']],
    ['"back in black"', ['AC/DC - Back in Black (1980) [FLAC]']],
    ['"black in back"', []],
    ['prim*', ['Learning C++ Primer 5th Edition']],
    ['name:x', ['name:x strange title']],
    ['"ubuntu', ['Ubuntu 22.04 desktop amd64']],
    ['(ubuntu', ['Ubuntu 22.04 desktop amd64']],
    ['^ubuntu', ['Ubuntu 22.04 desktop amd64']],
    ['cafe creme', ['Café Crème Jazz']],
    ['hells bells', ['AC/DC - Back in Black (1980) [FLAC]']],
    ['!!! ---', []],
    ['OR', []],
  ])('%j finds %j', (text, expected) => {
    expect(titles({ text }).sort()).toEqual([...expected].sort());
  });

  it('ranks a title match above a match only in file paths', () => {
    expect(titles({ text: 'unicorn' })).toEqual(['Unicorn Stories for Kids', 'Holiday Photos']);
  });

  it('an empty query lists everything, newest first', () => {
    expect(titles({ text: '   ' })).toEqual(TITLES.map(([title]) => title).reverse());
  });

  it.each([
    [{ text: 'x'.repeat(257) }, /at most 256/],
    [{ text: 'bad\uDC00' }, /not valid Unicode/],
    [{ category: [1234] }, /unknown category 1234/],
    [{ limit: MAX_LIMIT + 1 }, /limit must be a whole number from 1 to 100/],
    [{ limit: 0 }, /limit must be/],
    [{ offset: MAX_OFFSET + 1 }, /offset must be a whole number from 0 to 10000/],
    [{ offset: -1 }, /offset must be/],
    [{ minSize: 10, maxSize: 5 }, /minSize \(10\) is larger than maxSize \(5\)/],
    [{ minSeeders: 1.5 }, /minSeeders must be a whole number/],
    [{ sort: 'random' as 'size' }, /sort must be one of/],
    [{ direction: 'up' as 'asc' }, /direction must be asc or desc/],
    [{ cursor: 'not a cursor!' }, /cursor is malformed/],
    [{ cursor: 'eyJ4IjoxfQ' }, /cursor is malformed/],
    [{ text: 42 as unknown as string }, /text must be a string/],
    [{ category: 2000 as unknown as number[] }, /category must be a list/],
  ])('refuses %j with a bad-query error', (query, message) => {
    expect(() => t.db.searcher.search(query)).toThrow(
      expect.objectContaining({ code: 'bad-query', message: expect.stringMatching(message) }),
    );
  });

  it('refuses a cursor from another search and a cursor with an offset', () => {
    const page = t.db.searcher.search({ limit: 2 });
    expect(page.nextCursor).toBeDefined();
    expect(() => t.db.searcher.search({ text: 'ubuntu', limit: 2, cursor: page.nextCursor })).toThrow(
      /different search/,
    );
    expect(() => t.db.searcher.search({ limit: 2, cursor: page.nextCursor, offset: 2 })).toThrow(
      /either a cursor or an offset/,
    );
  });
});

describe('filters and sorts', () => {
  it('a parent category matches its children; a child only itself', () => {
    expect(titles({ category: [7000] }).sort()).toEqual(
      [
        'Web Designer Handbook DL edition',
        'Learning C++ Primer 5th Edition',
        'The C Programming Language',
        'Unicorn Stories for Kids',
      ].sort(),
    );
    expect(titles({ category: [7040] }).sort()).toEqual([
      'Learning C++ Primer 5th Edition',
      'The C Programming Language',
    ]);
    expect(titles({ text: 'unicorn', category: [8000] })).toEqual(['Holiday Photos']);
    expect(titles({ category: [3010, 4000] }).sort()).toEqual(['Café Crème Jazz', 'Ubuntu 22.04 desktop amd64']);
  });

  it('size range and minimum seeders filter with and without text', () => {
    const all = t.db.searcher.search({ limit: 100 }).items;
    const expected = (f: (i: TorrentSummary) => boolean) =>
      all
        .filter(f)
        .map((i) => i.id)
        .sort();
    const got = (q: SearchQuery) =>
      t.db.searcher
        .search({ limit: 100, ...q })
        .items.map((i) => i.id)
        .sort();
    expect(got({ minSize: 3000, maxSize: 6000 })).toEqual(expected((i) => i.size >= 3000 && i.size <= 6000));
    expect(got({ minSeeders: 3 })).toEqual(expected((i) => i.seeders >= 3));
    expect(got({ text: 'edition', minSeeders: 2 })).toEqual(
      expected((i) => i.seeders >= 2 && /edition/i.test(i.title)),
    );
    expect(got({ minSeeders: 3 }).length).toBeGreaterThan(0);
  });

  it.each([
    ['size', 'desc'],
    ['size', 'asc'],
    ['seeders', 'desc'],
    ['seeders', 'asc'],
    ['newest', 'asc'],
  ] as const)('sort by %s %s, browsing and with text', (sort, direction) => {
    const key = (i: TorrentSummary) => (sort === 'newest' ? i.id : i[sort]);
    const sign = direction === 'desc' ? -1 : 1;
    for (const text of [undefined, 'bin']) {
      const items = t.db.searcher.search({ text, sort, direction }).items;
      expect(items.length).toBeGreaterThan(1);
      for (let i = 1; i < items.length; i += 1) {
        const [a, b] = [items[i - 1]!, items[i]!];
        expect(sign * (key(b) - key(a)) > 0 || (key(a) === key(b) && sign * (b.id - a.id) > 0)).toBe(true);
      }
    }
  });
});

describe('pagination over a larger index', () => {
  let big: TempDb;
  beforeAll(() => {
    big = tempDb();
    const batch = Array.from({ length: COUNT_CAP + 150 }, (_, i) =>
      entry(`Common Word ${i} ${i % 3 === 0 ? 'fizz' : 'buzz'}${i % 2 === 0 ? ' rare' : ''}`, {
        category: i % 2 === 0 ? 5040 : 2040,
        files: [{ path: [`f${i}.mkv`], length: (i % 17) * 100 }],
        createdAt: i,
      }),
    );
    big.db.torrents.insertMany(batch);
  });
  afterAll(() => big.cleanup());

  function walk(query: SearchQuery, maxPages = 1000): number[] {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const result = big.db.searcher.search({ ...query, cursor });
      seen.push(...result.items.map((i) => i.id));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return seen;
  }

  it('counts stop at the cap and say so, for browsing and for text', () => {
    expect(big.db.searcher.search({ limit: 1 })).toMatchObject({ total: COUNT_CAP, totalIsEstimate: true });
    expect(big.db.searcher.search({ text: 'common', limit: 1 })).toMatchObject({
      total: COUNT_CAP,
      totalIsEstimate: true,
    });
    expect(big.db.searcher.search({ text: 'fizz rare', limit: 1 })).toMatchObject({
      total: 1692,
      totalIsEstimate: false,
    });
    expect(big.db.searcher.search({ category: [2040], limit: 1 })).toMatchObject({
      total: 5075,
      totalIsEstimate: false,
    });
    expect(big.db.searcher.search({ text: 'fizz rare', sort: 'size', offset: 5000 })).toEqual({
      items: [],
      total: 1692,
      totalIsEstimate: false,
    });
    expect(big.db.searcher.search({ text: 'common', sort: 'seeders', minSeeders: 0, limit: 1 })).toMatchObject({
      total: COUNT_CAP,
      totalIsEstimate: true,
    });
  });

  it.each([
    [{ text: 'fizz', sort: 'size' }],
    [{ text: 'buzz', sort: 'seeders', direction: 'asc' }],
    [{ text: 'fizz rare', sort: 'relevance' }],
    [{ text: 'fizz', sort: 'newest', category: [5000] }],
    [{ sort: 'size', direction: 'asc', maxSize: 700 }],
    [{ text: 'rare', sort: 'size', category: [5040], minSize: 500 }],
  ] as SearchQuery[][])('keyset pages of %j have no duplicates and no gaps', (query) => {
    const full = big.db.searcher.search({ ...query, limit: 1 }).total;
    expect(full).toBeGreaterThan(100);
    expect(full).toBeLessThan(COUNT_CAP);
    const seen = walk({ ...query, limit: 97 });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(full);
    expect(big.db.searcher.search({ ...query, limit: 5, offset: 97 }).items.map((i) => i.id)).toEqual(
      seen.slice(97, 102),
    );
  });

  it('relevance pages run through the ranking window without repeats, then end; newest goes on', () => {
    const ranked = walk({ text: 'common', limit: 100 }, 30);
    expect(ranked.length).toBe(RANK_WINDOW);
    expect(new Set(ranked).size).toBe(RANK_WINDOW);
    expect(big.db.searcher.search({ text: 'common', offset: RANK_WINDOW }).items).toEqual([]);
    const newest = walk({ text: 'common', sort: 'newest', limit: 100 }, 30);
    expect(newest.length).toBe(3000);
    expect(new Set(newest).size).toBe(3000);
  });

  it('a filter leaving more rows than the count cap pages along the sort order without gaps', () => {
    const query: SearchQuery = { sort: 'size', direction: 'asc', minSize: 0, category: [2000, 5000] };
    expect(big.db.searcher.search({ ...query, limit: 1 })).toMatchObject({ total: COUNT_CAP, totalIsEstimate: true });
    const seen = walk({ ...query, limit: 100 });
    expect(seen.length).toBe(COUNT_CAP + 150);
    expect(new Set(seen).size).toBe(COUNT_CAP + 150);
    const first = big.db.searcher.search({ ...query, limit: 100 });
    const second = big.db.searcher.search({ ...query, limit: 100, cursor: first.nextCursor });
    const sizes = [...first.items, ...second.items].map((i) => i.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  });

  it('newest() pages through everything visible', () => {
    const first = big.db.torrents.newest({ limit: 3 });
    const second = big.db.torrents.newest({ limit: 3, cursor: first.nextCursor });
    expect(second.items[0]!.id).toBe(first.items[2]!.id - 1);
  });
});
