import { z } from 'zod';
import { badAnswer, endpoint, jsonOf, MAX_JSON_BYTES, refusal, request } from './http.js';

export const PUBLISH_TIMEOUT_MS = 60_000;

export interface PublishFields {
  /** What people see and search; the server defaults it to the torrent's name. */
  title?: string;
  description?: string;
  /** A Torznab category id; the server defaults to 8000 (Other). */
  category?: number;
  tags?: string[];
}

const published = z.looseObject({
  id: z.number(),
  infoHash: z.string().regex(/^[0-9a-f]{40}$/),
  /** The torrent's page on the server. */
  url: z.string(),
  torrentUrl: z.string(),
});
export type Published = z.infer<typeof published>;

/**
 * POSTs the .torrent to api/v1/torrents with a bearer token (none for servers that allow
 * anonymous publishing). A refusal, duplicates included, is SearchClientError 'refused' with the
 * server's status and code (and existingUrl for a duplicate).
 */
export async function publishTorrent(
  base: URL,
  token: string | undefined,
  torrent: Uint8Array,
  fields: PublishFields,
  signal?: AbortSignal,
): Promise<Published> {
  const form = new FormData();
  form.set('torrent', new Blob([torrent], { type: 'application/x-bittorrent' }), 'upload.torrent');
  if (fields.title !== undefined) form.set('title', fields.title);
  if (fields.description !== undefined) form.set('description', fields.description);
  if (fields.category !== undefined) form.set('category', String(fields.category));
  for (const tag of fields.tags ?? []) form.append('tags', tag);
  const answer = await request(
    endpoint(base, 'api/v1/torrents'),
    { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} },
    { timeoutMs: PUBLISH_TIMEOUT_MS, maxBytes: MAX_JSON_BYTES },
    signal,
  );
  if (answer.response.status !== 201) throw refusal(answer);
  const parsed = published.safeParse(jsonOf(answer));
  if (!parsed.success) throw badAnswer(answer, 'an answer without the published torrent’s page');
  return parsed.data;
}
