import { parseByteSize } from '../../core/protocol/units.js';
import { findCategory } from '../db/categories.js';
import { MAX_LIMIT, MAX_OFFSET, MAX_QUERY_LENGTH, type SearchQuery, type SortKey } from '../db/types.js';
import { HttpError } from './errors.js';

/**
 * Query strings decoded strictly: Express's parser (node:querystring) silently turns invalid
 * percent-encoded UTF-8 such as `%FF` into U+FFFD, so a search would quietly run on text the
 * person never typed. Here it is a 400 naming the parameter.
 */
export type QueryParams = Map<string, string[]>;

export function parseQueryString(url: string): QueryParams {
  const params: QueryParams = new Map();
  const start = url.indexOf('?');
  if (start < 0) return params;
  for (const pair of url.slice(start + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), 'a parameter name');
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), `parameter "${key}"`);
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

function decodeComponent(text: string, what: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new HttpError(400, 'bad-encoding', `${what} is not valid percent-encoded UTF-8`);
  }
}

export function first(params: QueryParams, key: string): string | undefined {
  const value = params.get(key)?.[0];
  return value === undefined || value === '' ? undefined : value;
}

/** A whole number within [min, max], or a 400 naming the parameter. */
export function intParam(params: QueryParams, key: string, min: number, max: number): number | undefined {
  const text = first(params, key);
  if (text === undefined) return undefined;
  if (!/^\d{1,16}$/.test(text)) throw new HttpError(400, 'bad-parameter', `${key} must be a whole number`);
  const value = Number(text);
  if (value < min || value > max) {
    throw new HttpError(400, 'bad-parameter', `${key} must be between ${min} and ${max}, got ${text}`);
  }
  return value;
}

/** Bytes, optionally with a binary unit: `700M`, `1.5GiB`, `2 GB` (units are powers of 1024). */
export function sizeParam(params: QueryParams, key: string): number | undefined {
  const text = first(params, key)?.trim();
  if (text === undefined || text === '') return undefined;
  const bytes = parseByteSize(text);
  if (bytes === undefined) throw new HttpError(400, 'bad-parameter', `${key} must be a size such as 700M or 1.5G`);
  return bytes;
}

/** Comma-separated and/or repeated category ids, each a known Torznab category. */
export function categoryParam(params: QueryParams, key: string): number[] | undefined {
  const ids = (params.get(key) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (ids.length === 0) return undefined;
  if (ids.length > 20) throw new HttpError(400, 'bad-parameter', `${key} lists more than 20 categories`);
  return ids.map((id) => {
    if (!/^\d{1,6}$/.test(id) || findCategory(Number(id)) === undefined) {
      throw new HttpError(400, 'unknown-category', `category ${JSON.stringify(id)} is not a known category`);
    }
    return Number(id);
  });
}

export function textParam(params: QueryParams, key: string): string | undefined {
  const text = first(params, key);
  if (text !== undefined && text.length > MAX_QUERY_LENGTH) {
    throw new HttpError(
      400,
      'query-too-long',
      `${key} is ${text.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
    );
  }
  return text;
}

const SORTS: readonly SortKey[] = ['relevance', 'newest', 'size', 'seeders'];

/** The search parameters shared by the web page and the JSON API. */
export function searchQueryFrom(params: QueryParams): SearchQuery {
  const sort = first(params, 'sort');
  if (sort !== undefined && !SORTS.includes(sort as SortKey)) {
    throw new HttpError(400, 'bad-parameter', `sort must be one of ${SORTS.join(', ')}`);
  }
  const order = first(params, 'order');
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw new HttpError(400, 'bad-parameter', 'order must be asc or desc');
  }
  const cursor = first(params, 'cursor');
  const offset = intParam(params, 'offset', 0, MAX_OFFSET);
  if (cursor !== undefined && offset !== undefined) {
    throw new HttpError(400, 'bad-parameter', 'use either cursor or offset, not both');
  }
  return {
    text: textParam(params, 'q'),
    category: categoryParam(params, 'cat'),
    minSize: sizeParam(params, 'min_size'),
    maxSize: sizeParam(params, 'max_size'),
    minSeeders: intParam(params, 'min_seeders', 0, 1_000_000_000),
    sort: sort as SortKey | undefined,
    direction: order as 'asc' | 'desc' | undefined,
    limit: intParam(params, 'limit', 1, MAX_LIMIT),
    cursor,
    offset,
  };
}
