import type { SearchQuery } from '../../search-server/db/types.js';
import type { Random, Vocabulary } from './generate.js';

/**
 * The query classes of the bench, each as a generator of varied queries, plus the naive
 * `LIKE '%term%'` version of the same query (what some indexes run) for the anchor.
 */

export interface BenchQuery {
  query: SearchQuery;
  like: { where: string[]; params: (string | number)[]; order: string; offset: number };
}

export interface QueryClass {
  name: string;
  make(random: Random): BenchQuery;
}

export interface Terms {
  vocabulary: Vocabulary;
  /** Words that match ≥ 20% of rows. */
  broad: string[];
}

function likeTerms(words: string[]): { where: string[]; params: string[] } {
  return { where: words.map(() => 'title LIKE ?'), params: words.map((w) => `%${w}%`) };
}

function plain(words: string[], text: string, extra: Partial<SearchQuery> = {}, offset = 0): BenchQuery {
  const like = likeTerms(words);
  return {
    query: { text, limit: 50, ...extra, ...(offset > 0 ? { offset } : {}) },
    like: { ...like, order: 'id DESC', offset },
  };
}

/** Vocabulary ranks: the head is common, the tail (generated words) is rare. */
function rareWord(terms: Terms, random: Random): string {
  const words = terms.vocabulary.words;
  return words[random.int(Math.floor(words.length * 0.6), words.length - 1)]!;
}

function midWord(terms: Terms, random: Random): string {
  return terms.vocabulary.words[random.int(20, 300)]!;
}

export function queryClasses(terms: Terms): QueryClass[] {
  return [
    {
      name: 'rare term',
      make: (r) => {
        const w = rareWord(terms, r);
        return plain([w], w);
      },
    },
    {
      name: 'term in ≥ 20% of rows',
      make: (r) => {
        const w = r.pick(terms.broad);
        return plain([w], w);
      },
    },
    {
      name: 'two terms',
      make: (r) => {
        const words = [midWord(terms, r), r.next() < 0.5 ? r.pick(terms.broad) : midWord(terms, r)];
        return plain(words, words.join(' '));
      },
    },
    {
      name: 'phrase',
      make: (r) => {
        const words = [midWord(terms, r), terms.vocabulary.words[r.int(0, 60)]!];
        return plain([words.join(' ')], `"${words.join(' ')}"`);
      },
    },
    {
      name: 'prefix',
      make: (r) => {
        const w = midWord(terms, r);
        const stem = w.slice(0, Math.max(3, w.length - 2));
        return plain([stem], `${stem}*`);
      },
    },
    {
      name: 'filter + sort',
      make: (r) => {
        const w = r.next() < 0.5 ? r.pick(terms.broad) : midWord(terms, r);
        const category = r.pick([2000, 5000, 3000]);
        const minSeeders = r.int(1, 20);
        const base = plain([w], w, { category: [category], minSeeders, sort: 'seeders' });
        base.like.where.push('category BETWEEN ? AND ?', 'seeders >= ?');
        base.like.params.push(category, category + 999, minSeeders);
        base.like.order = 'seeders DESC, id DESC';
        return base;
      },
    },
    {
      name: 'deep page (offset 5,000–9,950)',
      make: (r) => {
        const w = r.pick(terms.broad);
        return plain([w], w, { sort: 'newest' }, r.int(100, 199) * 50);
      },
    },
    {
      name: 'empty query (newest, RSS)',
      make: (r) => {
        const category = r.pick([2000, 5000, 3000, 7000]);
        return {
          query: { limit: 50, category: [category] },
          like: {
            where: ['category BETWEEN ? AND ?'],
            params: [category, category + 999],
            order: 'id DESC',
            offset: 0,
          },
        };
      },
    },
  ];
}
