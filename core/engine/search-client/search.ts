import { z } from 'zod';
import { badAnswer, endpoint, jsonOf, MAX_JSON_BYTES, refusal, request } from './http.js';

export const SEARCH_TIMEOUT_MS = 30_000;

export interface SearchQuery {
  /** Words, "a phrase", word* for a prefix; empty or absent lists the newest. */
  text?: string;
  /** Torznab category ids; a parent (2000) includes its children. */
  categories?: number[];
  sort?: 'relevance' | 'newest' | 'size' | 'seeders';
  minSeeders?: number;
  /** 1..100 (the server's cap). */
  limit?: number;
  /** A previous page's nextCursor. */
  cursor?: string;
}

/** Loose: a newer server may add fields, and `--json` shows them. */
const hit = z.looseObject({
  infoHash: z.string().regex(/^[0-9a-f]{40}$/),
  name: z.string(),
  title: z.string(),
  category: z.number(),
  size: z.number(),
  seeders: z.number(),
  leechers: z.number(),
  /** ISO 8601, as the server writes it. */
  createdAt: z.string(),
  /** The torrent's page and its .torrent file on the server. */
  url: z.string(),
  torrentUrl: z.string(),
});
export type SearchHit = z.infer<typeof hit>;

const page = z.looseObject({
  items: z.array(hit),
  nextCursor: z.string().optional(),
  total: z.number(),
  totalIsEstimate: z.boolean(),
});
export type SearchPage = z.infer<typeof page>;

/** GET api/v1/search on the search server at `base`. Throws SearchClientError. */
export async function searchTorrents(base: URL, query: SearchQuery, signal?: AbortSignal): Promise<SearchPage> {
  const url = endpoint(base, 'api/v1/search');
  const params: [string, string | number | undefined][] = [
    ['q', query.text],
    ['cat', query.categories?.join(',')],
    ['sort', query.sort],
    ['min_seeders', query.minSeeders],
    ['limit', query.limit],
    ['cursor', query.cursor],
  ];
  for (const [key, value] of params) if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  const answer = await request(url, {}, { timeoutMs: SEARCH_TIMEOUT_MS, maxBytes: MAX_JSON_BYTES }, signal);
  if (answer.response.status !== 200) throw refusal(answer);
  const parsed = page.safeParse(jsonOf(answer));
  if (!parsed.success) throw badAnswer(answer, 'an answer that is not a page of search results');
  return parsed.data;
}
