import type { TorrentDetail } from '../db/types.js';
import { fileTree } from './file-tree.js';
import { formatBytes } from '../../core/protocol/units.js';
import { formatAgo, formatDate } from './format.js';
import { href, html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { categoryName, torrentPath } from './listing.js';

export function torrentPage(t: TorrentDetail, magnet: string, now: number): SafeHtml {
  const swarm =
    t.scrapedAt === null
      ? html`<span class="muted">not scraped yet</span>`
      : html`<span class="muted">scraped ${formatAgo(t.scrapedAt, now)}</span>`;
  return layout({
    title: t.title,
    body: html`<article>
      <h1 class="title"><bdi>${t.title}</bdi></h1>
      <div class="actions">
        <a class="button" href="${torrentPath(t.infoHash)}.torrent" download>Download .torrent</a>
        <a class="button" href="${magnet}">Open in Shoal</a>
      </div>
      <label for="magnet">Magnet link</label>
      <input id="magnet" class="magnet" readonly value="${magnet}" />
      <h2>Details</h2>
      <dl class="facts">
        <dt>Name</dt>
        <dd><bdi>${t.name}</bdi></dd>
        <dt>Size</dt>
        <dd>
          ${formatBytes(t.size)} (${t.size.toLocaleString('en-US')} bytes) in ${t.fileCount}
          ${t.fileCount === 1 ? 'file' : 'files'}
        </dd>
        <dt>Category</dt>
        <dd><a href="${href('/search', { cat: t.category })}">${categoryName(t.category)}</a></dd>
        <dt>Added</dt>
        <dd>${formatDate(t.createdAt)}</dd>
        <dt>Infohash</dt>
        <dd><code>${t.infoHash}</code></dd>
        <dt>Swarm</dt>
        <dd>
          <span id="seeders">${t.seeders}</span> seeders, <span id="leechers">${t.leechers}</span> leechers,
          <span id="completed">${t.completed}</span> completed · ${swarm}
        </dd>
        ${
          t.tags.length > 0
            ? html`<dt>Tags</dt>
                <dd>
                  ${t.tags.map((tag) => html`<a href="${href('/search', { q: `"${tag}"` })}"><bdi>${tag}</bdi></a> `)}
                </dd>`
            : ''
        }
      </dl>
      ${
        t.description
          ? html`<h2>Description</h2>
              <div class="description"><bdi>${t.description}</bdi></div>`
          : ''
      }
      <h2>Files</h2>
      ${fileTree(t.name, t.files)}
      <h2>Trackers</h2>
      ${
        t.trackers.length > 0
          ? html`<ul>
              ${t.trackers.map((url) => html`<li><code>${url}</code></li>`)}
            </ul>`
          : html`<p class="muted">This torrent lists no trackers.</p>`
      }
    </article>`,
  });
}
