import { findCategory } from '../db/categories.js';
import type { TorrentSummary } from '../db/types.js';
import { formatBytes } from '../../core/protocol/units.js';
import { formatAgo } from './format.js';
import { href, html, type SafeHtml } from './html.js';

export function torrentPath(infoHash: string): string {
  return `/t/${encodeURIComponent(infoHash)}`;
}

export function categoryName(id: number): string {
  return findCategory(id)?.name ?? String(id);
}

/** A table of torrents; titles sit in <bdi> so right-to-left text cannot reorder the row. */
export function torrentTable(items: readonly TorrentSummary[], caption: string, now: number): SafeHtml {
  if (items.length === 0) return html`<p>No torrents found.</p>`;
  return html`<table>
    <caption class="visually-hidden">
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col" class="hide-narrow">Category</th>
        <th scope="col" class="num">Size</th>
        <th scope="col" class="num">Seeders</th>
        <th scope="col" class="num hide-narrow">Leechers</th>
        <th scope="col" class="num hide-narrow">Added</th>
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (t) =>
          html`<tr>
            <td class="title">
              <a href="${torrentPath(t.infoHash)}"><bdi>${t.title}</bdi></a>
            </td>
            <td class="hide-narrow">
              <a href="${href('/search', { cat: t.category })}">${categoryName(t.category)}</a>
            </td>
            <td class="num">${formatBytes(t.size)}</td>
            <td class="num">${t.seeders}</td>
            <td class="num hide-narrow">${t.leechers}</td>
            <td class="num hide-narrow">${formatAgo(t.createdAt, now)}</td>
          </tr> `,
      )}
    </tbody>
  </table>`;
}
