import express, { type Express } from 'express';
import type { TrackerStats } from './stats.js';
import { renderMetrics, renderStatsHtml } from './stats-pages.js';

/**
 * Everything on the HTTP port that is not announce or scrape: /health always; /stats, /stats.json
 * and /metrics when enabled. Express is fine here; the announce hot path never reaches it.
 */
export function createPagesApp(stats: () => TrackerStats, statsEnabled: boolean, startedAt: number): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000) });
  });
  if (statsEnabled) {
    app.get('/stats', (_req, res) => {
      res.type('html').send(renderStatsHtml(stats()));
    });
    app.get('/stats.json', (_req, res) => {
      res.json(stats());
    });
    app.get('/metrics', (_req, res) => {
      res.type('text/plain; version=0.0.4').send(renderMetrics(stats()));
    });
  }
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('not found: this is a BitTorrent tracker (/announce, /scrape)\n');
  });
  return app;
}
