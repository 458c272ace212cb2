import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/server/logger.js';
import { listen } from '../core/server/listen.js';
import { AccessList } from './access-list.js';
import { derivedSettings, type TrackerConfig } from './config.js';
import { TrackerCounters } from './counters.js';
import { installFastPath } from './http-fast-path.js';
import { createHttpTracker } from './http-tracker.js';
import { createPagesApp } from './pages.js';
import { createStatsSource } from './stats.js';
import { SwarmStore } from './swarm-store.js';
import { startUdpTracker, type UdpTracker } from './udp-tracker.js';
import { createWebSocketTracker } from './ws/index.js';

export interface RunningTracker {
  httpPort: number;
  /** Undefined when UDP is off. */
  udpPort: number | undefined;
  /** Re-reads the access list file (what SIGHUP does); returns the number of info hashes. */
  reloadAccessList(): Promise<number>;
  /** Stops accepting, closes every socket (HTTP, WebSocket, UDP) and the timers; safe to call twice. */
  close(): Promise<void>;
}

/** Longest pause between sweeps of expired peers. */
const MAX_SWEEP_MS = 60_000;

/**
 * Starts the tracker: HTTP (announce, scrape, pages) with WebSocket upgrades on one port, and UDP.
 * Plain announces and scrapes take the fast path below node:http; the rest is node:http's.
 */
export async function startTracker(config: TrackerConfig, logger: Logger): Promise<RunningTracker> {
  const { minInterval, peerTimeout } = derivedSettings(config);
  const access = new AccessList(config.accessList, config.accessMode);
  const listed = await access.reload();
  if (access.enabled)
    logger.info({ file: config.accessList, mode: config.accessMode, count: listed }, 'access list loaded');

  const store = new SwarmStore(config.maxNumwant, { maxPeersPerAddress: config.maxPeersPerAddress });
  const counters = new TrackerCounters();
  const ws = createWebSocketTracker({
    intervalSeconds: config.wsInterval,
    maxSocketsPerAddress: config.wsMaxSocketsPerAddress,
    maxPeerIdsPerSocket: config.wsMaxPeerIdsPerSocket,
    maxTorrentsPerSocket: config.wsMaxTorrentsPerSocket,
    maxOffersPerAnnounce: config.wsMaxOffersPerAnnounce,
    maxOffersPerSecond: config.wsMaxOffersPerSecond,
    maxMessageBytes: config.wsMaxMessageBytes,
    trustProxy: config.trustProxy,
    isAllowed: (hex) => access.allowsHex(hex),
    logger,
  });
  const stats = createStatsSource(store, counters, ws);
  const common = {
    store,
    access,
    counters,
    logger,
    interval: config.interval,
    defaultNumwant: config.defaultNumwant,
    maxNumwant: config.maxNumwant,
  };
  const tracker = createHttpTracker({
    ...common,
    minInterval,
    maxScrape: config.maxScrape,
    trustProxy: config.trustProxy,
    fallback: createPagesApp(stats, config.stats, counters.startedAt),
  });

  const http = createServer(tracker.handle);
  const fastPath = installFastPath(http, tracker.answer);
  http.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head));
  http.on('clientError', (_err, socket) => socket.destroy());
  let udp: UdpTracker | undefined;
  try {
    await listen(http, config.port, config.host);
    const httpPort = (http.address() as AddressInfo).port;
    if (!config.noUdp) udp = await startUdpTracker(common, config.host, config.udpPort ?? httpPort);
  } catch (e) {
    await ws.close();
    http.close();
    throw e;
  }

  const sweep = setInterval(
    () => {
      const removed = store.expire(Math.floor(Date.now() / 1000) - peerTimeout);
      if (removed.peers > 0) logger.debug(removed, 'expired peers');
    },
    Math.min(MAX_SWEEP_MS, (peerTimeout * 1000) / 2),
  );
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    httpPort: (http.address() as AddressInfo).port,
    udpPort: udp?.port,
    async reloadAccessList() {
      const count = await access.reload();
      logger.info({ file: config.accessList, count }, 'access list reloaded');
      return count;
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        fastPath.closeAll();
        await Promise.all([ws.close(), udp?.close()]);
        http.closeAllConnections();
        await httpClosed;
      })();
      return closing;
    },
  };
}
