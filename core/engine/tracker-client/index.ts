import { fromHex, isInfoHashHex } from '../../protocol/hex.js';
import { TrackerClientError } from './errors.js';
import { scrapeHttp } from './http-scrape.js';
import type { ScrapeOptions, ScrapeResult } from './options.js';
import { scrapeUdp } from './udp-scrape.js';
import { scrapeWs } from './ws-scrape.js';

export { TrackerClientError } from './errors.js';
export type { AnnounceOptions, ScrapeCounts, ScrapeOptions, ScrapeResult } from './options.js';
export { announce } from './announce.js';
export type {
  AnnounceEvent,
  AnnounceParams,
  AnnouncePeer,
  AnnounceReply,
  TierAnnouncerOptions,
  TierMember,
  TrackerStatus,
} from './announce-types.js';
export { TierAnnouncer } from './tier-announcer.js';

const BY_SCHEME: Record<string, typeof scrapeHttp> = {
  'http:': scrapeHttp,
  'https:': scrapeHttp,
  'udp:': scrapeUdp,
  'ws:': scrapeWs,
  'wss:': scrapeWs,
};

/**
 * Asks a tracker for the seeders, leechers and completions of some torrents (hex info hashes),
 * over HTTP(S) (BEP 48), UDP (BEP 15) or WebSocket (WebTorrent), chosen by the URL's scheme.
 * Returns counts by lower-case hex info hash; throws TrackerClientError with a `code`.
 */
export async function scrape(
  announceUrl: string,
  infoHashes: string[],
  options: ScrapeOptions = {},
): Promise<ScrapeResult> {
  let scheme: string;
  try {
    scheme = new URL(announceUrl).protocol;
  } catch {
    throw new TrackerClientError('bad-url', `not a URL: ${JSON.stringify(announceUrl.slice(0, 200))}`);
  }
  const scrapeOver = BY_SCHEME[scheme];
  if (!scrapeOver) throw new TrackerClientError('bad-url', `cannot scrape a ${scheme} tracker: ${announceUrl}`);
  if (infoHashes.length === 0) throw new TrackerClientError('bad-request', 'scrape needs at least one info hash');
  const bad = infoHashes.find((hash) => !isInfoHashHex(hash));
  if (bad !== undefined)
    throw new TrackerClientError('bad-request', `not a 40-hex info hash: ${JSON.stringify(bad.slice(0, 60))}`);
  return scrapeOver(announceUrl, infoHashes.map(fromHex), options);
}
