import { encodeUdpScrape } from '../../protocol/tracker/udp-client.js';
import { UDP_MAX_SCRAPE } from '../../protocol/tracker/udp.js';
import { toHex } from '../../protocol/hex.js';
import { TrackerClientError } from './errors.js';
import type { ScrapeOptions, ScrapeResult } from './options.js';
import { withUdpTracker } from './udp-connection.js';

/** BEP 15 scrape, in batches of at most 74 info hashes. */
export function scrapeUdp(
  announceUrl: string,
  infoHashes: readonly Uint8Array[],
  options: ScrapeOptions,
): Promise<ScrapeResult> {
  return withUdpTracker(announceUrl, options, async (tracker) => {
    const out: ScrapeResult = new Map();
    for (let at = 0; at < infoHashes.length; at += UDP_MAX_SCRAPE) {
      const batch = infoHashes.slice(at, at + UDP_MAX_SCRAPE);
      const reply = await tracker.request('scrape', (connectionId, tid) => encodeUdpScrape(connectionId, tid, batch));
      if (reply.files.length !== batch.length)
        throw new TrackerClientError(
          'bad-response',
          `${announceUrl} answered ${reply.files.length} of ${batch.length} torrents`,
        );
      batch.forEach((hash, i) => out.set(toHex(hash), reply.files[i]!));
    }
    return out;
  });
}
