import { buildAnnounceQuery, decodeAnnounceResponse } from '../../protocol/tracker/http-client.js';
import type { AnnounceParams, AnnounceReply } from './announce-types.js';
import { getTrackerReply, withQuery } from './http-get.js';
import type { AnnounceOptions } from './options.js';

/** BEP 3 announce over HTTP(S), asking for compact peers (BEP 23, BEP 7). */
export function announceHttp(url: URL, params: AnnounceParams, options: AnnounceOptions): Promise<AnnounceReply> {
  return getTrackerReply(withQuery(url, buildAnnounceQuery({ ...params, compact: true })), options, (body) => {
    const r = decodeAnnounceResponse(body);
    return {
      intervalSeconds: r.interval,
      minIntervalSeconds: r.minInterval,
      complete: r.complete,
      incomplete: r.incomplete,
      peers: r.peers.map(({ ip, port }) => ({ ip, port })),
      warning: r.warning,
      trackerId: r.trackerId,
    };
  });
}
