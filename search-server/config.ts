import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConfigSpec } from '../core/server/config.js';
import { LOG_LEVELS } from '../core/server/logger.js';

const MIB = 1024 * 1024;

const schema = z.object({
  port: z.number().int().min(0).max(65535).default(8080).describe('TCP port for the web pages and the APIs'),
  host: z.string().min(1).default('127.0.0.1').describe('Address to bind (use :: or 0.0.0.0 to serve other machines)'),
  dataDir: z
    .string()
    .min(1)
    .optional()
    .describe('Data folder; default $SHOAL_DATA_DIR or the OS user-data folder for shoal'),
  db: z.string().min(1).optional().describe('SQLite database file; default <data dir>/search.sqlite'),
  tracker: z
    .array(z.url())
    .default([])
    .describe('Tracker URL added to magnet links of torrents that list no tracker (repeatable)'),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Public base URL used for absolute links in RSS/Torznab; default http://<host>:<port>'),
  anonymousPublish: z.boolean().default(false).describe('Let anyone publish without an API token'),
  scrapeInterval: z
    .number()
    .int()
    .min(0)
    .default(60)
    .describe('Seconds between scrape rounds of due torrents (0 disables scraping)'),
  scrapeBatch: z.number().int().min(1).max(1000).default(100).describe('Torrents scraped per round at most'),
  scrapeTimeout: z.number().int().min(100).default(5000).describe('Milliseconds to wait for one tracker scrape'),
  scrapePrivateTrackers: z
    .boolean()
    .default(false)
    .describe(
      'Also scrape trackers at loopback, private and link-local addresses (off by default because anyone who can publish could point the scraper at internal services)',
    ),
  maxUploadBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * MIB)
    .default(10 * MIB)
    .describe('Largest publish request body in bytes'),
  searchRate: z
    .number()
    .int()
    .min(1)
    .default(120)
    .describe('Searches per minute per client address (web, JSON, Torznab, RSS)'),
  publishRate: z.number().int().min(1).default(10).describe('Publish requests per minute per client address'),
  trustProxy: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe('Reverse-proxy hops to trust for X-Forwarded-For (0: use the socket address)'),
  logLevel: z.enum(LOG_LEVELS).default('info').describe('Log level'),
});

export type SearchServerConfig = z.infer<typeof schema>;

export const searchServerConfigSpec: ConfigSpec<typeof schema> = {
  command: 'shoal search-server',
  description:
    'The torrent search server: publish, search and download .torrent files through web pages, a JSON API, Torznab and RSS.',
  envPrefix: 'SHOAL_SEARCH_',
  schema,
  short: { port: 'p' },
};

/** `$SHOAL_DATA_DIR`, else the platform's per-user data folder for shoal. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHOAL_DATA_DIR) return env.SHOAL_DATA_DIR;
  const home = homedir();
  if (process.platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'shoal');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'shoal');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'shoal');
}

/** The database file a config points at: `--db`, else `<data dir>/search.sqlite`. */
export function databaseFile(config: Pick<SearchServerConfig, 'db' | 'dataDir'>, env = process.env): string {
  return config.db ?? join(config.dataDir ?? defaultDataDir(env), 'search.sqlite');
}
