import { Router, type Request, type Response } from 'express';
import { MAX_LIMIT, MAX_OFFSET, MAX_QUERY_LENGTH, type SearchQuery } from '../db/types.js';
import { rssDocument } from '../feeds/rss.js';
import { capsDocument, TORZNAB_ERRORS, torznabError } from '../feeds/torznab.js';
import { clientOf, queryOf, type AppContext } from './context.js';
import { HttpError, toHttpError } from './errors.js';
import { categoryParam, first, intParam, textParam, type QueryParams } from './query.js';

const FEED_SIZE = 50;
const TITLE = 'Shoal search';

/** RSS of the newest torrents and the Torznab indexer API (Sonarr, Radarr, Prowlarr). */
export function feedRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/rss', (req, res) => {
    ctx.searchLimit.take(clientOf(req), 'feed');
    const params = queryOf(req);
    const page = ctx.db.searcher.search({ sort: 'newest', category: categoryParam(params, 'cat'), limit: FEED_SIZE });
    const self = `${ctx.baseUrl()}${req.originalUrl}`;
    sendXml(
      res,
      200,
      rssDocument(page.items, { base: ctx.baseUrl(), self, title: TITLE, description: 'Newest torrents' }),
    );
  });
  router.get('/torznab/api', (req, res) => {
    try {
      torznab(ctx, req, res);
    } catch (e) {
      const error = toHttpError(e, (id) => `/t/${id}`);
      if (error.status >= 500) throw e;
      sendXml(res, error.status, torznabError(torznabCode(error), error.message));
    }
  });
  return router;
}

function torznab(ctx: AppContext, req: Request, res: Response): void {
  const params = queryOf(req);
  const t = first(params, 't');
  if (t === undefined)
    throw new HttpError(400, 'missing-parameter', 'missing parameter t (caps, search, tvsearch or movie)');
  if (t === 'caps') {
    sendXml(res, 200, capsDocument(TITLE));
    return;
  }
  if (t !== 'search' && t !== 'tvsearch' && t !== 'movie') {
    throw new HttpError(
      400,
      'no-such-function',
      `t=${t} is not a function of this indexer; try caps, search, tvsearch or movie`,
    );
  }
  ctx.searchLimit.take(clientOf(req), 'search');
  const query = torznabQuery(params, t);
  const page = ctx.db.searcher.search(query);
  sendXml(
    res,
    200,
    rssDocument(page.items, {
      base: ctx.baseUrl(),
      self: `${ctx.baseUrl()}${req.originalUrl}`,
      title: TITLE,
      description: 'Torznab search results',
      response: { offset: query.offset ?? 0, total: page.total },
    }),
  );
}

/** Torznab parameters to a search: empty q means newest (RSS sync); tvsearch adds SxxEyy. */
function torznabQuery(params: QueryParams, t: string): SearchQuery {
  let text = textParam(params, 'q') ?? '';
  if (t === 'tvsearch') {
    const season = intParam(params, 'season', 0, 9999);
    const episode = intParam(params, 'ep', 0, 9999);
    if (season !== undefined) {
      const s = `S${String(season).padStart(2, '0')}`;
      text = `${text} ${episode === undefined ? `${s}*` : `${s}E${String(episode).padStart(2, '0')}`}`.trim();
    }
  }
  if (text.length > MAX_QUERY_LENGTH) throw new HttpError(400, 'query-too-long', 'the search is too long');
  return {
    text: text === '' ? undefined : text,
    sort: text === '' ? 'newest' : 'relevance',
    category: categoryParam(params, 'cat'),
    offset: intParam(params, 'offset', 0, MAX_OFFSET),
    limit: intParam(params, 'limit', 1, MAX_LIMIT),
  };
}

function torznabCode(error: HttpError): number {
  if (error.code === 'missing-parameter') return TORZNAB_ERRORS.missingParameter;
  if (error.code === 'no-such-function') return TORZNAB_ERRORS.noSuchFunction;
  if (error.status === 401) return TORZNAB_ERRORS.badCredentials;
  if (error.status === 429) return TORZNAB_ERRORS.requestLimit;
  return TORZNAB_ERRORS.badParameter;
}

function sendXml(res: Response, status: number, body: string): void {
  res.status(status).type('application/xml; charset=utf-8').send(body);
}
