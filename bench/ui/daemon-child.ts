/**
 * The daemon of bench:ui, in a process of its own so that its CPU is its own: the real daemon
 * server (daemon/server.ts: HTTP API, events WebSocket, the built web UI) hosting the stand-in
 * engine of synthetic-engine.ts. Argument: the number of torrents.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../core/server/logger.js';
import { defaultUiDir } from '../../daemon/install-paths.js';
import { startDaemonServer } from '../../daemon/server.js';
import { serveParent } from '../transfer/child-rpc.js';
import { SyntheticEngine } from './synthetic-engine.js';

export interface DaemonStats {
  cpu: NodeJS.CpuUsage;
  /** Milliseconds the stand-in spent making updates, and how many seconds of updates it made. */
  generateMs: number;
  ticks: number;
}

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count <= 0) throw new Error(`daemon-child: bad torrent count "${process.argv[2]}"`);

const engine = new SyntheticEngine(count);
const server = await startDaemonServer({
  engine,
  token: randomBytes(32).toString('base64url'),
  host: '127.0.0.1',
  port: 0,
  uiDir: defaultUiDir(),
  logger: createLogger('bench-ui-daemon', 'warn'),
});

serveParent(
  {
    openUrl: () => server.openUrl,
    live: (on: boolean) => (on ? engine.startUpdates() : engine.stopUpdates()),
    stats: (): DaemonStats => ({ cpu: process.cpuUsage(), generateMs: engine.generateMs, ticks: engine.ticks }),
  },
  async () => {
    engine.close();
    await server.close();
  },
);
