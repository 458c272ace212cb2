import { formatMagnet } from '../../core/protocol/magnet.js';
import type { TorrentDetail } from '../db/types.js';
import type { AppContext } from './context.js';

/** The torrent's magnet link; torrents that list no tracker get the server's default trackers. */
export function magnetFor(ctx: AppContext, t: TorrentDetail): string {
  return formatMagnet({
    infoHash: t.infoHash,
    name: t.name,
    trackers: t.trackers.length > 0 ? t.trackers : ctx.config.tracker,
    webSeeds: [],
    peers: [],
  });
}
