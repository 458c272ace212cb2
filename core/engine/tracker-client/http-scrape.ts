import { buildScrapeQuery, decodeScrapeResponse } from '../../protocol/tracker/http-client.js';
import { scrapeUrlFor } from '../../protocol/tracker/scrape-url.js';
import type { ProtocolError } from '../../protocol/errors.js';
import { TrackerClientError } from './errors.js';
import { getTrackerReply, withQuery } from './http-get.js';
import type { ScrapeOptions, ScrapeResult } from './options.js';

/** BEP 48 scrape over HTTP(S). */
export async function scrapeHttp(
  announceUrl: string,
  infoHashes: readonly Uint8Array[],
  options: ScrapeOptions,
): Promise<ScrapeResult> {
  let url: URL;
  try {
    url = scrapeUrlFor(announceUrl);
  } catch (e) {
    throw new TrackerClientError((e as ProtocolError).code ?? 'bad-url', (e as Error).message);
  }
  return getTrackerReply(withQuery(url, buildScrapeQuery(infoHashes)), options, decodeScrapeResponse);
}
