import { formatIp } from '../../protocol/tracker/ip.js';
import { encodeUdpAnnounce } from '../../protocol/tracker/udp-client.js';
import type { AnnounceParams, AnnounceReply } from './announce-types.js';
import type { AnnounceOptions } from './options.js';
import { withUdpTracker } from './udp-connection.js';

/** BEP 15 announce; UDP has no tracker id, no min interval and no warning. */
export function announceUdp(
  announceUrl: string,
  params: AnnounceParams,
  options: AnnounceOptions,
): Promise<AnnounceReply> {
  return withUdpTracker(announceUrl, options, async (tracker) => {
    const reply = await tracker.request('announce', (connectionId, transactionId) =>
      encodeUdpAnnounce({
        connectionId,
        transactionId,
        infoHash: params.infoHash,
        peerId: params.peerId,
        downloaded: params.downloaded,
        left: params.left,
        uploaded: params.uploaded,
        event: params.event,
        key: params.key,
        numwant: params.numwant,
        port: params.port,
      }),
    );
    return {
      intervalSeconds: reply.interval,
      complete: reply.seeders,
      incomplete: reply.leechers,
      peers: reply.peers.map((p) => ({ ip: formatIp(p.ip), port: p.port })),
    };
  });
}
