import type { TorrentSummary } from '../db/types.js';
import { feedItem, type FeedLinks } from './items.js';
import { element, XML_DECLARATION } from './xml.js';

export const TORZNAB_NS = 'http://torznab.com/schemas/2015/feed';

export interface ChannelOptions extends FeedLinks {
  title: string;
  description: string;
  /** This feed's own absolute URL (atom:link rel=self). */
  self: string;
  /** Torznab: where this page starts and how many match. */
  response?: { offset: number; total: number };
}

/** An RSS 2.0 document with the Torznab namespace: the /rss feed and Torznab search answers alike. */
export function rssDocument(items: readonly TorrentSummary[], options: ChannelOptions): string {
  return [
    XML_DECLARATION.trimEnd(),
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:torznab="${TORZNAB_NS}">`,
    '<channel>',
    element('atom:link', { href: options.self, rel: 'self', type: 'application/rss+xml' }),
    element('title', {}, options.title),
    element('description', {}, options.description),
    element('link', {}, `${options.base}/`),
    element('language', {}, 'en'),
    options.response ? element('torznab:response', options.response) : '',
    ...items.map((t) => feedItem(t, options)),
    '</channel>',
    '</rss>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
