import { z } from 'zod';
import { count, infoHash, text, time } from './common.js';

/** Params and results of search and publish, which go through the configured search server. */

/** The search server's own caps (search-server/db/types.ts, validate-entry.ts, publish.ts). */
export const MAX_QUERY_LENGTH = 256;
export const MAX_SEARCH_LIMIT = 100;
export const MAX_TITLE_LENGTH = 512;
export const MAX_DESCRIPTION_LENGTH = 65_536;
export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 64;

/** A Torznab category id (2000 Movies, 5000 TV, ...); the server knows which exist. */
const category = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be a category id such as 2000')
  .max(999_999, 'must be a category id such as 2000');

export const searchParams = z.strictObject({
  /** Words, "a phrase", word* for a prefix; empty lists the newest. */
  query: text(MAX_QUERY_LENGTH),
  category: category.optional(),
  sort: z.enum(['relevance', 'newest', 'size', 'seeders']).optional(),
  limit: count.min(1, 'must be at least 1').max(MAX_SEARCH_LIMIT, `must be at most ${MAX_SEARCH_LIMIT}`).optional(),
  /** A nextCursor from the previous page of the same query. */
  cursor: text(1024).min(1, 'must not be empty').optional(),
});
export type SearchParams = z.infer<typeof searchParams>;

export const searchItem = z.strictObject({
  infoHash,
  name: z.string(),
  title: z.string(),
  size: count,
  seeders: count,
  leechers: count,
  category: count,
  magnet: z.string(),
  /** The torrent's page on the search server, for "open in browser". */
  url: z.string(),
  createdAt: time,
});
export type SearchItem = z.infer<typeof searchItem>;

export const searchResult = z.strictObject({
  items: z.array(searchItem),
  nextCursor: z.string().optional(),
  /** Matches counted up to the server's cap; totalIsEstimate says the cap was reached. */
  total: count,
  totalIsEstimate: z.boolean(),
});
export type SearchResult = z.infer<typeof searchResult>;

const oneLine = (max: number) =>
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  text(max).refine((t) => !/[\u0000-\u001f\u007f]/.test(t), 'must be one line without control characters');

export const publishParams = z.strictObject({
  /** A torrent in the library whose metadata is known. */
  infoHash,
  /** Default: the torrent's name. */
  title: oneLine(MAX_TITLE_LENGTH).optional(),
  /** Default: 8000 (Other). */
  category: category.optional(),
  description: text(MAX_DESCRIPTION_LENGTH).optional(),
  tags: z
    .array(oneLine(MAX_TAG_LENGTH).min(1, 'must not be empty'))
    .max(MAX_TAGS, `must list at most ${MAX_TAGS} tags`)
    .optional(),
});
export type PublishParams = z.infer<typeof publishParams>;

export const publishResult = z.strictObject({
  /** The torrent's page on the search server. */
  url: z.string(),
});
export type PublishResult = z.infer<typeof publishResult>;
