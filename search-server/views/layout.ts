import { html, type HtmlValue, type SafeHtml } from './html.js';

export interface PageOptions {
  title: string;
  /** The search box's current text. */
  query?: string;
  body: HtmlValue;
}

/** The frame of every page: landmarks, a skip link, the search box, one stylesheet, no script. */
export function layout({ title, query, body }: PageOptions): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Shoal search</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" href="data:," />
        <link rel="alternate" type="application/rss+xml" title="Newest torrents" href="/rss" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <nav aria-label="Site">
            <a class="brand" href="/">Shoal search</a>
            <a href="/publish">Publish</a>
            <a href="/rss">RSS</a>
          </nav>
          <form class="search" role="search" action="/search" method="get">
            <label class="visually-hidden" for="q">Search torrents</label>
            <input id="q" name="q" type="search" maxlength="256" value="${query ?? ''}" placeholder="Search torrents" />
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">${body}</main>
        <footer>
          Shoal search server · <a href="/api/v1/stats">API</a> · <a href="/torznab/api?t=caps">Torznab</a>
        </footer>
      </body>
    </html> `;
}
