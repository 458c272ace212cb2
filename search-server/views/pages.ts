import { CATEGORIES } from '../db/categories.js';
import type { SearchPage, SearchQuery } from '../db/types.js';
import { formatCount } from './format.js';
import { href, html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { torrentTable } from './listing.js';

export function homePage(newest: SearchPage, now: number): SafeHtml {
  return layout({
    title: 'Home',
    body: html`<h1>Newest torrents</h1>
      ${torrentTable(newest.items, 'Newest torrents', now)}
      ${newest.nextCursor ? html`<p><a href="${href('/search', { sort: 'newest', cursor: newest.nextCursor })}">More</a></p>` : ''}`,
  });
}

/** The query as it appears in links and forms (everything but the cursor). */
export function queryParams(q: SearchQuery): Record<string, string | number | undefined> {
  return {
    q: q.text,
    cat: q.category?.join(','),
    min_size: q.minSize,
    max_size: q.maxSize,
    min_seeders: q.minSeeders,
    sort: q.sort,
    order: q.direction,
    limit: q.limit,
  };
}

export function resultsPage(query: SearchQuery, page: SearchPage, now: number): SafeHtml {
  const heading = query.text ? html`Results for “<bdi>${query.text}</bdi>”` : html`All torrents`;
  const next = page.nextCursor ? href('/search', { ...queryParams(query), cursor: page.nextCursor }) : undefined;
  return layout({
    title: query.text ? `Search: ${query.text}` : 'Search',
    query: query.text,
    body: html`<h1>${heading}</h1>
      ${filterForm(query)}
      <p role="status">${formatCount(page.total, page.totalIsEstimate)} ${page.total === 1 ? 'result' : 'results'}</p>
      ${torrentTable(page.items, 'Search results', now)}
      <nav class="pager" aria-label="Pages">
        ${query.cursor || query.offset ? html`<a href="${href('/search', queryParams(query))}">First page</a>` : ''}
        ${next ? html`<a rel="next" href="${next}">Next page</a>` : ''}
      </nav>`,
  });
}

function filterForm(q: SearchQuery): SafeHtml {
  const selected = q.category?.[0];
  const sorts = ['relevance', 'newest', 'size', 'seeders'];
  return html`<form class="filters" action="/search" method="get" aria-label="Filters">
    <input type="hidden" name="q" value="${q.text ?? ''}" />
    <label
      >Category<select name="cat">
        <option value="">Any</option>
        ${CATEGORIES.map((c) => html`<option value="${c.id}" ${c.id === selected ? html` selected` : ''}>${c.name}</option>`)}
      </select></label
    >
    <label>Min size<input name="min_size" size="8" value="${q.minSize ?? ''}" placeholder="e.g. 700M" /></label>
    <label>Max size<input name="max_size" size="8" value="${q.maxSize ?? ''}" placeholder="e.g. 4G" /></label>
    <label>Min seeders<input name="min_seeders" type="number" min="0" value="${q.minSeeders ?? ''}" /></label>
    <label
      >Sort<select name="sort">
        ${sorts.map((s) => html`<option value="${s}" ${s === (q.sort ?? 'relevance') ? html` selected` : ''}>${s}</option>`)}
      </select></label
    >
    <button type="submit">Apply</button>
  </form>`;
}

export interface PublishFormState {
  message?: string;
  /** Page of the torrent that is already published (after a 409). */
  existing?: string;
  title?: string;
  description?: string;
  category?: string;
  tags?: string;
  anonymous: boolean;
}

export function publishPage(state: PublishFormState): SafeHtml {
  return layout({
    title: 'Publish',
    body: html`<h1>Publish a torrent</h1>
      ${state.message ? html`<p class="error" role="alert">${state.message}${state.existing ? html` <a href="${state.existing}">See the existing entry</a>.` : ''}</p>` : ''}
      <form class="publish" action="/publish" method="post" enctype="multipart/form-data">
        <label
          >.torrent file<input type="file" name="torrent" accept=".torrent,application/x-bittorrent" required
        /></label>
        <label
          >Title (default: the torrent's name)<input name="title" maxlength="512" value="${state.title ?? ''}"
        /></label>
        <label>Description<textarea name="description" rows="6">${state.description ?? ''}</textarea></label>
        <label
          >Category<select name="category">
            ${CATEGORIES.map((c) => html`<option value="${c.id}" ${String(c.id) === (state.category ?? '8000') ? html` selected` : ''}>${c.name}</option>`)}
          </select></label
        >
        <label>Tags (comma-separated)<input name="tags" value="${state.tags ?? ''}" /></label>
        ${state.anonymous ? '' : html`<label>API token<input name="token" type="password" autocomplete="off" required /></label>`}
        <button type="submit">Publish</button>
      </form>`,
  });
}

export function errorPage(status: number, message: string): SafeHtml {
  const titles: Record<number, string> = {
    400: 'Bad request',
    404: 'Not found',
    409: 'Already published',
    429: 'Slow down',
  };
  const title = titles[status] ?? (status >= 500 ? 'Server error' : 'Request refused');
  return layout({
    title,
    body: html`<h1>${title}</h1>
      <p class="error" role="alert">${message}</p>
      <p><a href="/">Back to the home page</a></p>`,
  });
}
