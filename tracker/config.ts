import { z } from 'zod';
import type { ConfigSpec } from '../core/server/config.js';
import { LOG_LEVELS } from '../core/server/logger.js';
import { DEFAULT_MAX_PEERS_PER_ADDRESS } from './swarm-store.js';
import { DEFAULT_MAX_SOCKETS_PER_ADDRESS, WS_LIMIT_DEFAULTS } from './ws/ws-limits.js';

const port = z.int().min(0).max(65535);

/** Every tracker setting: flags, SHOAL_TRACKER_* variables, config file and help all come from here. */
export const trackerSchema = z.object({
  port: port.default(8000).describe('HTTP port for announce, scrape, WebSocket and pages (0: any free port)'),
  host: z
    .string()
    .default('127.0.0.1')
    .describe('Address to listen on; "::" listens on all IPv4 and IPv6 addresses (HTTP and UDP)'),
  udpPort: port.optional().describe('UDP (BEP 15) port; default: the same number as --port'),
  noUdp: z.boolean().default(false).describe('Do not serve UDP announces'),
  interval: z.int().min(10).max(86400).default(1800).describe('Seconds between announces told to HTTP and UDP clients'),
  minInterval: z.int().min(1).optional().describe('"min interval" told to HTTP clients; default: half of --interval'),
  wsInterval: z
    .int()
    .min(10)
    .max(86400)
    .default(120)
    .describe('Seconds between announces told to WebSocket (WebRTC) clients'),
  peerTimeout: z
    .int()
    .min(10)
    .optional()
    .describe('Seconds after its last announce that a peer is dropped; default: 2 × interval + 60'),
  defaultNumwant: z.int().min(0).max(500).default(50).describe('Peers returned when a client does not say how many'),
  maxNumwant: z
    .int()
    .min(1)
    .max(500)
    .default(200)
    .describe('Most peers returned in one reply, whatever the client asks'),
  maxScrape: z.int().min(1).max(1000).default(64).describe('Most info hashes in one HTTP scrape'),
  maxPeersPerAddress: z
    .int()
    .min(1)
    .max(65535)
    .default(DEFAULT_MAX_PEERS_PER_ADDRESS)
    .describe('Peers one address (an IPv6 /64) may list in a swarm; more ports from it are answered, not listed'),
  wsMaxSocketsPerAddress: z
    .int()
    .min(1)
    .max(100_000)
    .default(DEFAULT_MAX_SOCKETS_PER_ADDRESS)
    .describe('Open WebSocket connections per address (an IPv6 /64); more are refused with HTTP 429'),
  wsMaxPeerIdsPerSocket: z
    .int()
    .min(1)
    .max(1000)
    .default(WS_LIMIT_DEFAULTS.maxPeerIdsPerSocket)
    .describe('Distinct peer ids one WebSocket connection may announce'),
  wsMaxTorrentsPerSocket: z
    .int()
    .min(1)
    .max(100_000)
    .default(WS_LIMIT_DEFAULTS.maxTorrentsPerSocket)
    .describe('Torrents one WebSocket connection may be in (each peer id in each torrent counts once)'),
  wsMaxOffersPerAnnounce: z
    .int()
    .min(0)
    .max(100)
    .default(WS_LIMIT_DEFAULTS.maxOffersPerAnnounce)
    .describe('WebRTC offers relayed per WebSocket announce; extra ones are ignored'),
  wsMaxOffersPerSecond: z
    .int()
    .min(1)
    .max(100_000)
    .default(WS_LIMIT_DEFAULTS.maxOffersPerSecond)
    .describe('WebRTC offers relayed per second per WebSocket connection (a burst of twice that)'),
  wsMaxMessageBytes: z
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(WS_LIMIT_DEFAULTS.maxMessageBytes)
    .describe('Largest WebSocket frame accepted; a larger one closes the connection (1009)'),
  accessList: z
    .string()
    .optional()
    .describe('File of hex info hashes, one per line (# comments); reloaded on SIGHUP. Default: open tracker'),
  accessMode: z
    .enum(['allow', 'deny'])
    .default('allow')
    .describe('allow: serve only the listed torrents; deny: serve all but the listed'),
  trustProxy: z
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe('Reverse proxies in front that append to X-Forwarded-For; 0 ignores the header'),
  stats: z.boolean().default(false).describe('Serve /stats, /stats.json and /metrics (off: they list client software)'),
  logLevel: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe(`Log level: ${LOG_LEVELS.join(', ')}`),
});

export type TrackerConfig = z.infer<typeof trackerSchema>;

export const trackerConfigSpec: ConfigSpec<typeof trackerSchema> = {
  command: 'shoal tracker',
  description: [
    'Runs the Shoal tracker: HTTP and UDP announce/scrape for BitTorrent clients, and WebSocket',
    'signalling through which WebRTC peers find each other, on one server. Swarms live in memory.',
    'SIGHUP reloads the access list; SIGTERM or SIGINT stops gracefully.',
  ].join('\n'),
  envPrefix: 'SHOAL_TRACKER_',
  schema: trackerSchema,
  short: { port: 'p' },
};

/** Settings whose defaults depend on others. */
export function derivedSettings(config: TrackerConfig) {
  return {
    minInterval: config.minInterval ?? Math.floor(config.interval / 2),
    peerTimeout: config.peerTimeout ?? config.interval * 2 + 60,
  };
}
