import { formatMagnet } from '../../core/protocol/magnet.js';
import { findCategory } from '../db/categories.js';
import type { TorrentSummary } from '../db/types.js';
import { element } from './xml.js';

export interface FeedLinks {
  /** Absolute base URL without a trailing slash, e.g. https://search.example.org */
  base: string;
}

/**
 * One RSS 2.0 `<item>` with the Torznab attributes Sonarr, Radarr and Prowlarr read: the
 * enclosure points at the .torrent, `category` is required, `infohash` is lower-case hex.
 */
export function feedItem(t: TorrentSummary, { base }: FeedLinks): string {
  const page = `${base}/t/${t.infoHash}`;
  const download = `${page}.torrent`;
  const magnet = formatMagnet({ infoHash: t.infoHash, name: t.name, trackers: [], webSeeds: [], peers: [] });
  const categories = categoriesOf(t.category);
  return [
    '<item>',
    element('title', {}, t.title),
    element('guid', { isPermaLink: 'true' }, page),
    element('link', {}, download),
    element('comments', {}, page),
    element('pubDate', {}, new Date(t.createdAt).toUTCString()),
    element('size', {}, t.size),
    ...categories.map((id) => element('category', {}, id)),
    element('enclosure', { url: download, length: t.size, type: 'application/x-bittorrent' }),
    ...categories.map((id) => attr('category', id)),
    attr('size', t.size),
    attr('files', t.fileCount),
    attr('seeders', t.seeders),
    attr('leechers', t.leechers),
    attr('peers', t.seeders + t.leechers),
    attr('grabs', t.completed),
    attr('infohash', t.infoHash),
    attr('magneturl', magnet),
    attr('downloadvolumefactor', 1),
    attr('uploadvolumefactor', 1),
    '</item>',
  ].join('\n');
}

function attr(name: string, value: string | number): string {
  return element('torznab:attr', { name, value });
}

/** The torrent's category and, for a sub-category, its parent: indexers filter on either. */
function categoriesOf(id: number): number[] {
  const parent = Math.floor(id / 1000) * 1000;
  return parent !== id && findCategory(parent) ? [id, parent] : [id];
}
