import { createHash } from 'node:crypto';
import { findCategory, isParentCategory } from './categories.js';
import { SearchDbError } from './errors.js';
import { ftsPhrases } from './fts-query.js';
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, type SearchQuery, type SortDirection, type SortKey } from './types.js';

/**
 * Checks a SearchQuery and turns it into the plan's inputs; every refusal is a `bad-query`
 * error naming the field. Also the keyset cursor: base64url JSON holding the last row's sort
 * value and id, plus a fingerprint of the search so a cursor cannot be replayed on another one.
 */

export interface Plan {
  /** undefined: no text (browse); null: text without any searchable word (nothing matches). */
  match: string | null | undefined;
  /** The FTS5 phrases `match` ANDs; empty without text. */
  phrases: string[];
  /**
   * Indexes of the phrases relevance ranks by, when not all of them (see rank-terms.ts); set by
   * the search service, or taken from the cursor so every page of a search ranks alike.
   */
  rankBy?: number[];
  /** Inclusive category id ranges; empty = all categories. */
  categories: [number, number][];
  minSize?: number;
  maxSize?: number;
  minSeeders?: number;
  sort: SortKey;
  direction: SortDirection;
  limit: number;
  offset: number;
  after?: Cursor;
  fingerprint: string;
}

export interface Cursor {
  /** The last row's sort value (score, size or seeders); absent for 'newest'. */
  value?: number;
  id: number;
  /** The plan's rankBy: the score above is only comparable under the same choice. */
  rankBy?: number[];
}

const SORTS: readonly SortKey[] = ['relevance', 'newest', 'size', 'seeders'];

export function planSearch(query: SearchQuery): Plan {
  if (typeof query !== 'object' || query === null) fail('the search must be an object');
  const text = query.text === undefined ? '' : textOf(query.text);
  const phrases = text.trim() === '' ? [] : ftsPhrases(text);
  const match = text.trim() === '' ? undefined : phrases.length === 0 ? null : phrases.join(' ');
  const sort = sortOf(query.sort, match !== undefined);
  const direction = directionOf(query.direction, sort);
  const categories = categoriesOf(query.category);
  const minSize = optionalCount(query.minSize, 'minSize');
  const maxSize = optionalCount(query.maxSize, 'maxSize');
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
    fail(`minSize (${minSize}) is larger than maxSize (${maxSize})`);
  }
  const minSeeders = optionalCount(query.minSeeders, 'minSeeders');
  const limit = boundedCount(query.limit ?? DEFAULT_LIMIT, 'limit', 1, MAX_LIMIT);
  const offset = boundedCount(query.offset ?? 0, 'offset', 0, MAX_OFFSET);
  if (query.cursor !== undefined && offset > 0) fail('give either a cursor or an offset, not both');
  const fingerprint = fingerprintOf([match, categories, minSize, maxSize, minSeeders, sort, direction]);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, fingerprint, phrases.length);
  return {
    match,
    phrases,
    rankBy: after?.rankBy,
    categories,
    minSize,
    maxSize,
    minSeeders,
    sort,
    direction,
    limit,
    offset,
    after,
    fingerprint,
  };
}

export function encodeCursor(cursor: Cursor, fingerprint: string): string {
  const json = { f: fingerprint, v: cursor.value, i: cursor.id, r: cursor.rankBy };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

function decodeCursor(text: unknown, fingerprint: string, phraseCount: number): Cursor {
  if (typeof text !== 'string' || text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) fail('the cursor is malformed');
  let parsed: { f?: unknown; v?: unknown; i?: unknown; r?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    fail('the cursor is malformed');
  }
  if (typeof parsed !== 'object' || parsed === null || !Number.isSafeInteger(parsed.i)) fail('the cursor is malformed');
  if (parsed.f !== fingerprint) fail('the cursor belongs to a different search (text, filters or sort changed)');
  if (parsed.v !== undefined && (typeof parsed.v !== 'number' || !Number.isFinite(parsed.v))) {
    fail('the cursor is malformed');
  }
  if (parsed.r !== undefined && !isPhraseSubset(parsed.r, phraseCount)) fail('the cursor is malformed');
  return { value: parsed.v, id: parsed.i as number, rankBy: parsed.r as number[] | undefined };
}

function isPhraseSubset(value: unknown, phraseCount: number): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length < phraseCount &&
    value.every((i, n) => Number.isSafeInteger(i) && i >= 0 && i < phraseCount && (n === 0 || i > value[n - 1]))
  );
}

function fail(message: string): never {
  throw new SearchDbError('bad-query', message);
}

function textOf(value: unknown): string {
  if (typeof value !== 'string') fail('text must be a string');
  return value;
}

function sortOf(value: unknown, hasText: boolean): SortKey {
  if (value === undefined) return hasText ? 'relevance' : 'newest';
  if (!SORTS.includes(value as SortKey)) fail(`sort must be one of ${SORTS.join(', ')}`);
  return value === 'relevance' && !hasText ? 'newest' : (value as SortKey);
}

function directionOf(value: unknown, sort: SortKey): SortDirection {
  if (value !== undefined && value !== 'asc' && value !== 'desc') fail('direction must be asc or desc');
  return sort === 'relevance' ? 'desc' : (value ?? 'desc');
}

function categoriesOf(value: unknown): [number, number][] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 50) fail('category must be a list of at most 50 category ids');
  return value.map((id: unknown) => {
    if (typeof id !== 'number' || findCategory(id) === undefined) fail(`unknown category ${String(id)}`);
    return isParentCategory(id) ? [id, id + 999] : [id, id];
  });
}

function optionalCount(value: unknown, field: string): number | undefined {
  return value === undefined ? undefined : boundedCount(value, field, 0, Number.MAX_SAFE_INTEGER);
}

function boundedCount(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function fingerprintOf(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}
