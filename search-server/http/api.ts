import express, { Router, type Request, type Response } from 'express';
import type { TorrentDetail, TorrentSummary } from '../db/types.js';
import { torrentPath } from '../views/listing.js';
import { authorize, clientOf, findTorrent, queryOf, tokenOf, type AppContext } from './context.js';
import { sendTorrentFile } from './download.js';
import { HttpError } from './errors.js';
import { magnetFor } from './magnet-link.js';
import { handlePublish } from './publish-route.js';
import { searchQueryFrom } from './query.js';

const ADMIN = ['admin'] as const;

/** The JSON API under /api/v1. Errors are `{ error: { code, message } }` (see the app's error handler). */
export function apiRoutes(ctx: AppContext): Router {
  const router = Router();
  const base = () => ctx.baseUrl();
  router.get('/search', (req, res) => {
    ctx.searchLimit.take(clientOf(req), 'search');
    const page = ctx.db.searcher.search(searchQueryFrom(queryOf(req)));
    res.json({ ...page, items: page.items.map((t) => summaryJson(t, base())) });
  });
  router.get('/stats', (_req, res) => {
    res.json(ctx.db.torrents.stats());
  });
  router.post('/torrents', async (req, res) => {
    const { id, infoHash } = await handlePublish(ctx, req);
    const url = `${base()}${torrentPath(infoHash)}`;
    res
      .status(201)
      .location(url)
      .json({ id, infoHash, url, torrentUrl: `${url}.torrent` });
  });
  router.get('/torrents/:ref', (req, res) => {
    const t = findTorrent(ctx, req.params.ref, isAdmin(ctx, req));
    res.json({ ...summaryJson(t, base()), ...detailJson(t), magnet: magnetFor(ctx, t) });
  });
  router.get('/torrents/:ref/torrent', (req, res) => {
    sendTorrentFile(ctx, res, findTorrent(ctx, req.params.ref));
  });
  router.post('/torrents/:ref/hide', (req, res) => moderate(ctx, req, res, (id) => ctx.db.torrents.hide(id)));
  router.post('/torrents/:ref/unhide', (req, res) => moderate(ctx, req, res, (id) => ctx.db.torrents.unhide(id)));
  router.delete('/torrents/:ref', (req, res) => moderate(ctx, req, res, (id) => ctx.db.torrents.delete(id)));
  router.get('/blocklist', (req, res) => {
    authorize(ctx, tokenOf(req), ADMIN);
    res.json({ items: ctx.db.blocklist.list() });
  });
  router.post('/blocklist', express.json({ limit: '16kb' }), (req, res) => {
    authorize(ctx, tokenOf(req), ADMIN);
    const { infoHash, reason } = (req.body ?? {}) as { infoHash?: unknown; reason?: unknown };
    if (typeof infoHash !== 'string' || !/^[0-9a-fA-F]{40}$/.test(infoHash)) {
      throw new HttpError(400, 'bad-parameter', 'infoHash must be 40 hexadecimal characters');
    }
    if (reason !== undefined && typeof reason !== 'string')
      throw new HttpError(400, 'bad-parameter', 'reason must be text');
    ctx.db.blocklist.add(infoHash.toLowerCase(), reason ?? '');
    const existing = ctx.db.torrents.getByInfoHash(infoHash);
    if (existing) ctx.db.torrents.delete(existing.id);
    res.status(201).json({ infoHash: infoHash.toLowerCase(), deleted: existing !== undefined });
  });
  router.delete('/blocklist/:hash', (req, res) => {
    authorize(ctx, tokenOf(req), ADMIN);
    if (!ctx.db.blocklist.remove(req.params.hash.toLowerCase())) {
      throw new HttpError(404, 'not-found', 'this infohash is not on the blocklist');
    }
    res.status(204).end();
  });
  return router;
}

function isAdmin(ctx: AppContext, req: Request): boolean {
  const token = tokenOf(req);
  return token !== undefined && ctx.db.tokens.verifyToken(token)?.role === 'admin';
}

function moderate(ctx: AppContext, req: Request, res: Response, action: (id: number) => boolean): void {
  authorize(ctx, tokenOf(req), ADMIN);
  const torrent = findTorrent(ctx, req.params.ref as string, true);
  action(torrent.id);
  res.status(204).end();
}

export function summaryJson(t: TorrentSummary, base: string) {
  const url = `${base}${torrentPath(t.infoHash)}`;
  return {
    id: t.id,
    infoHash: t.infoHash,
    name: t.name,
    title: t.title,
    category: t.category,
    size: t.size,
    fileCount: t.fileCount,
    seeders: t.seeders,
    leechers: t.leechers,
    completed: t.completed,
    createdAt: new Date(t.createdAt).toISOString(),
    scrapedAt: t.scrapedAt === null ? null : new Date(t.scrapedAt).toISOString(),
    url,
    torrentUrl: `${url}.torrent`,
  };
}

function detailJson(t: TorrentDetail) {
  return { description: t.description, tags: t.tags, trackers: t.trackers, files: t.files, hidden: t.hidden };
}
