import express, { type NextFunction, type Request, type Response } from 'express';
import { errorPage } from '../views/pages.js';
import { STYLESHEET } from '../views/style.js';
import { apiRoutes } from './api.js';
import type { AppContext } from './context.js';
import { toHttpError, type HttpError } from './errors.js';
import { feedRoutes } from './feeds.js';
import { notFound, pageRoutes, sendPage } from './pages.js';

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The express app: security headers, the stylesheet, pages, JSON API, feeds, and one error handler. */
export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', false);
  app.set('json escape', true);
  app.set('trust proxy', ctx.config.trustProxy);
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.get('/static/style.css', (_req, res) => {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  app.use('/api/v1', apiRoutes(ctx));
  app.use(feedRoutes(ctx));
  app.use(pageRoutes(ctx));
  app.use(() => notFound());
  app.use((e: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(e);
      return;
    }
    const error = toHttpError(e, (id) => `/t/${id}`);
    if (error.status >= 500) ctx.logger.error({ err: e, url: req.originalUrl }, 'request failed');
    sendError(req, res, error);
  });
  return app;
}

function sendError(req: Request, res: Response, error: HttpError): void {
  if (error.location) res.setHeader('Location', error.location);
  if (req.originalUrl.startsWith('/api/')) {
    const existing = error.location ? { existing: { url: error.location } } : {};
    res.status(error.status).json({ error: { code: error.code, message: error.message }, ...existing });
    return;
  }
  sendPage(res, error.status, errorPage(error.status, error.message));
}
