import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scrape } from '../core/engine/tracker-client/index.js';
import type { Logger } from '../core/server/logger.js';
import { listen, stopHttp, urlHost } from '../core/server/listen.js';
import { databaseFile, type SearchServerConfig } from './config.js';
import { openSearchDatabase } from './db/index.js';
import { createApp } from './http/app.js';
import type { AppContext } from './http/context.js';
import { RateLimiter } from './http/rate-limit.js';
import { Scraper } from './scraper.js';

export interface SearchServer {
  port: number;
  /** Where this process listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Base of the absolute links in feeds and API answers: --public-url, else `url`. */
  publicUrl: string;
  /** Database file in use. */
  dbFile: string;
  /** Stops accepting, lets requests in flight finish (bounded), stops scraping, closes the database. Safe twice. */
  close(): Promise<void>;
}

export async function startSearchServer(config: SearchServerConfig, logger: Logger): Promise<SearchServer> {
  const dbFile = databaseFile(config);
  const db = openSearchDatabase(dbFile);
  let baseUrl = '';
  const ctx: AppContext = {
    db,
    config,
    logger,
    baseUrl: () => baseUrl,
    searchLimit: new RateLimiter(config.searchRate),
    publishLimit: new RateLimiter(config.publishRate),
  };
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000 }, createApp(ctx));
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    db.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(config.host)}:${port}`;
  baseUrl = (config.publicUrl ?? url).replace(/\/+$/, '');
  const scraper =
    config.scrapeInterval > 0
      ? new Scraper({
          torrents: db.torrents,
          scrape,
          logger,
          intervalMs: config.scrapeInterval * 1000,
          batch: config.scrapeBatch,
          timeoutMs: config.scrapeTimeout,
          scrapePrivateTrackers: config.scrapePrivateTrackers,
          defaultTrackers: config.tracker,
        })
      : undefined;
  scraper?.start();
  logger.info(
    { url, publicUrl: baseUrl, port, db: dbFile, scrapeInterval: config.scrapeInterval },
    'search server listening',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.all([scraper?.close(), stopHttp(server)]);
      db.close();
    })();
    return closing;
  };
  return { port, url, publicUrl: baseUrl, dbFile, close };
}
