import { Router, type Request, type Response } from 'express';
import type { SafeHtml } from '../views/html.js';
import { torrentPath } from '../views/listing.js';
import { homePage, publishPage, resultsPage, type PublishFormState } from '../views/pages.js';
import { torrentPage } from '../views/torrent-page.js';
import { clientOf, findTorrent, queryOf, type AppContext } from './context.js';
import { sendTorrentFile } from './download.js';
import { HttpError, toHttpError } from './errors.js';
import { magnetFor } from './magnet-link.js';
import { handlePublish } from './publish-route.js';
import { searchQueryFrom } from './query.js';

export function sendPage(res: Response, status: number, page: SafeHtml): void {
  res.status(status).type('html').send(page.value);
}

/** The server-rendered web pages; every one works without JavaScript. */
export function pageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    sendPage(res, 200, homePage(ctx.db.torrents.newest({ limit: 50 }), Date.now()));
  });
  router.get('/search', (req, res) => {
    ctx.searchLimit.take(clientOf(req), 'search');
    const query = searchQueryFrom(queryOf(req));
    sendPage(res, 200, resultsPage(query, ctx.db.searcher.search(query), Date.now()));
  });
  router.get('/t/:ref', (req, res) => {
    const ref = req.params.ref;
    if (ref.endsWith('.torrent')) {
      sendTorrentFile(ctx, res, findTorrent(ctx, ref.slice(0, -'.torrent'.length)));
      return;
    }
    const torrent = findTorrent(ctx, ref);
    sendPage(res, 200, torrentPage(torrent, magnetFor(ctx, torrent), Date.now()));
  });
  router.get('/publish', (_req, res) => {
    sendPage(res, 200, publishPage({ anonymous: ctx.config.anonymousPublish }));
  });
  router.post('/publish', (req, res) => publishFromForm(ctx, req, res));
  return router;
}

/** On success: 303 to the new torrent's page. On refusal: the form again, with the message and the fields kept. */
async function publishFromForm(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const state: PublishFormState = { anonymous: ctx.config.anonymousPublish };
  try {
    const { infoHash } = await handlePublish(ctx, req, (form) => {
      state.title = form.fields.get('title')?.[0];
      state.description = form.fields.get('description')?.[0];
      state.category = form.fields.get('category')?.[0];
      state.tags = form.fields.get('tags')?.join(', ');
    });
    res.redirect(303, torrentPath(infoHash));
  } catch (e) {
    const error = toHttpError(e, (id) => `/t/${id}`);
    if (error.status >= 500) throw e;
    state.message = error.message;
    state.existing = error.location;
    sendPage(res, error.status, publishPage(state));
  }
}

export function notFound(): never {
  throw new HttpError(404, 'not-found', 'there is no page at this address');
}
