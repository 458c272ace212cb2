import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RankTerms } from '../../search-server/db/rank-terms.js';
import { RANK_WINDOW } from '../../search-server/db/search-sql.js';
import type { SearchQuery } from '../../search-server/db/types.js';
import { entry, tempDb, type TempDb } from './search-db-entries.js';

/**
 * Relevance when a search mixes rare and common words: the common ones (≥ 20% of rows) only
 * filter, the rare ones rank (rank-terms.ts). 13,000 clips: "clip" and "mkv" are in every row,
 * "fizz" in a third, "sparse" in a sixth (2,167 rows, more than the ranking window).
 */

const ROWS = 13_000;
let t: TempDb;
const ids = new Map<string, number>();

beforeAll(() => {
  t = tempDb();
  const clips = Array.from({ length: ROWS }, (_, i) =>
    entry(`Clip ${i}${i % 6 === 1 ? ' Sparse' : ''}${i % 3 === 0 ? ' Fizz' : ''}`, {
      files: [{ path: [`clip${i}.mkv`], length: 100 }],
      createdAt: i,
    }),
  );
  t.db.torrents.insertMany(clips);
  const pairs: [string, string[]][] = [
    ['Zyxwv Journey', ['Common Clip', 'clip.mkv']],
    ['Clip Journey', ['zyxwv.mkv']],
  ];
  for (const [title, path] of pairs) {
    ids.set(title, t.db.torrents.insert(entry(title, { files: [{ path, length: 10 }] })).id);
  }
});
afterAll(() => t.cleanup());

function walk(query: SearchQuery): number[] {
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const page = t.db.searcher.search({ ...query, cursor });
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('ranking by the rare words of a search', () => {
  it('picks the phrases under a fifth of the rows; prefixes always rank; all or nothing means all', () => {
    const raw = new Sqlite(t.file, { readonly: true });
    const rank = new RankTerms(raw);
    expect(rank.choose(['"sparse"', '"clip"'])).toEqual([0]);
    expect(rank.choose(['"clip"', '"fizz"', '"sparse"', '"zyxwv"'])).toEqual([2, 3]);
    expect(rank.choose(['"clip"', '"spa"*'])).toEqual([1]);
    expect(rank.choose(['"clip"', '"mkv"'])).toBeUndefined();
    expect(rank.choose(['"sparse"', '"zyxwv"'])).toBeUndefined();
    expect(rank.choose(['"sparse"'])).toBeUndefined();
    raw.close();
  });

  it('a match holding the rare word in its title outranks one holding only the common word there', () => {
    const expected = [ids.get('Zyxwv Journey'), ids.get('Clip Journey')];
    for (const text of ['zyxwv clip', 'zyxwv journey']) {
      expect(t.db.searcher.search({ text }).items.map((i) => i.id)).toEqual(expected);
      expect(walk({ text, limit: 1 })).toEqual(expected);
    }
  });

  it('counts every match and pages through the newest RANK_WINDOW of them without repeats', () => {
    const query: SearchQuery = { text: 'sparse clip' };
    expect(t.db.searcher.search({ ...query, limit: 1 })).toMatchObject({ total: 2167, totalIsEstimate: false });
    const ranked = walk({ ...query, limit: 97 });
    expect(new Set(ranked).size).toBe(RANK_WINDOW);
    const newest = walk({ ...query, sort: 'newest', limit: 100 }).slice(0, RANK_WINDOW);
    expect([...ranked].sort((a, b) => a - b)).toEqual([...newest].sort((a, b) => a - b));
    expect(t.db.searcher.search({ ...query, limit: 5, offset: 97 }).items.map((i) => i.id)).toEqual(
      ranked.slice(97, 102),
    );
  });

  it('ranks alike with a filter that every match passes (the filtered shape scores the same way)', () => {
    const text = 'sparse clip';
    expect(walk({ text, category: [5000], limit: 97 })).toEqual(walk({ text, limit: 97 }));
  });

  it('refuses a cursor whose ranking choice was tampered with', () => {
    const page = t.db.searcher.search({ text: 'sparse clip', limit: 2 });
    const json = JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(json.r).toEqual([0]);
    for (const r of [[0, 1], [7], [], 'x']) {
      const cursor = Buffer.from(JSON.stringify({ ...json, r })).toString('base64url');
      expect(() => t.db.searcher.search({ text: 'sparse clip', limit: 2, cursor })).toThrow(/cursor is malformed/);
    }
  });
});
