import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import type { SettingsPatch } from '../../core/api/index.js';
import { Session } from '../../core/engine/session/session.js';
import { loadConfig } from '../../core/server/config.js';
import { createLogger, type Logger } from '../../core/server/logger.js';
import { closeOnSignals } from '../../core/server/shutdown.js';
import { daemonConfigSpec } from '../../daemon/config.js';
import { startDaemon } from '../../daemon/daemon.js';
import { packageRoot } from '../../daemon/install-paths.js';
import { urlHost } from '../../core/server/listen.js';
import { defaultDataDir, searchServerConfigSpec } from '../../search-server/config.js';
import { startSearchServer } from '../../search-server/main.js';
import { trackerConfigSpec } from '../../tracker/config.js';
import { startTracker } from '../../tracker/server.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

const HELP = `Usage: shoal up [--host ADDR] [--tracker-port N] [--search-port N] [--web-port N] [--data-dir DIR]

Runs the whole system locally (what "npm start" runs):
  - a tracker: HTTP and UDP announce/scrape, WebSocket signalling for WebRTC peers
  - a search server: web pages, JSON API, Torznab and RSS, whose magnet links name that tracker
  - the engine, its settings pointed at both (trackers, search server, no ICE servers)
  - the desktop app; where the Electron binary is not installed (it downloads on first use),
    the same UI from the daemon instead, at the printed URL

Because it is meant for one machine, it listens on loopback, lets anyone there publish
without a token and scrapes trackers at loopback and private addresses (its own is one).
To serve others, run "shoal tracker", "shoal search-server" and "shoal daemon" with their
own settings instead (see their --help).

Options:
  --host <addr>          Address the servers listen on (default: 127.0.0.1)
  --tracker-port <n>     Tracker HTTP/WebSocket and UDP port (default: 8000)
  --search-port <n>      Search server port (default: 8080)
  --web-port <n>         Web UI and control API port when the UI is served by the daemon
                         (default: 9091; 0: any free port)
  --data-dir <dir>       Data folder for the search index, the engine's library and the
                         daemon's token (default: $SHOAL_DATA_DIR or the OS user-data folder)
  --log-level <level>    fatal, error, warn, info, debug, trace or silent (default: info)
  -h, --help             Show this help

SHOAL_TRACKER_*, SHOAL_SEARCH_* and SHOAL_DAEMON_* environment variables apply as they do to
each server.`;

interface Running {
  /** What to print about it under "Shoal is running." */
  lines: string[];
  close(): Promise<void>;
}

export const command: Command = {
  name: 'up',
  help: HELP,
  async run(argv) {
    const { values } = parseCommandArgs(
      argv,
      {
        host: { type: 'string', default: '127.0.0.1' },
        'tracker-port': { type: 'string', default: '8000' },
        'search-port': { type: 'string', default: '8080' },
        'web-port': { type: 'string', default: '9091' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
      },
      false,
    );
    const configs = upConfigs(values);
    const logger = createLogger('shoal', configs.tracker.logLevel);
    const stop = await startAll(configs, logger);
    closeOnSignals(stop, { logger });
    return 0;
  },
};

type UpFlags = Record<'host' | 'tracker-port' | 'search-port' | 'web-port' | 'log-level', string> & {
  'data-dir'?: string;
};

/** Each server's own loader validates the values and names the bad one; their environment variables apply. */
function upConfigs(values: UpFlags) {
  const common = ['--host', values.host, '--log-level', values['log-level']];
  const dataDir = values['data-dir'] ? ['--data-dir', values['data-dir']] : [];
  const tracker = loadConfig(trackerConfigSpec, [...common, '--port', values['tracker-port']], process.env).config;
  const announce = trackerUrls(values.host, tracker.port);
  const searchArgs = [
    ...common,
    ...dataDir,
    '--port',
    values['search-port'],
    '--anonymous-publish',
    // Its own tracker is on loopback: without this, no torrent here would show seeders.
    '--scrape-private-trackers',
    ...announce.flatMap((url) => ['--tracker', url]),
  ];
  const search = loadConfig(searchServerConfigSpec, searchArgs, process.env).config;
  const daemonArgs = [...common, ...dataDir, '--web-port', values['web-port']];
  const daemon = loadConfig(daemonConfigSpec, daemonArgs, process.env).config;
  if (tracker.port === 0 || search.port === 0) throw new UsageError('shoal up needs fixed ports, not 0');
  return { tracker, announce, search, daemon };
}

/** Starts everything in order; answers the function that stops it all in reverse order. */
async function startAll(configs: ReturnType<typeof upConfigs>, logger: Logger): Promise<() => Promise<void>> {
  const { tracker, announce, search, daemon } = configs;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const runningTracker = await startTracker(tracker, logger.child({ component: 'tracker' }));
    stops.push(() => runningTracker.close());
    const server = await startSearchServer(search, logger.child({ component: 'search-server' }));
    stops.push(() => server.close());
    const settings: SettingsPatch = {
      trackers: [`ws://${urlHost(tracker.host)}:${tracker.port}`],
      searchServer: server.url,
      iceServers: [],
    };
    const engine = {
      ...daemon,
      dataDir: path.resolve(daemon.dataDir ?? defaultDataDir()),
      downloadDir: daemon.downloadDir ?? path.join(homedir(), 'Downloads'),
    };
    const app = await startApp(engine, settings, logger, () => void stopAll().then(exit));
    stops.push(() => app.close());
    process.stderr.write(
      [
        '',
        'Shoal is running.',
        `  search server  ${server.url}  (database ${server.dbFile})`,
        `  tracker        ${announce.join('  ')}`,
        ...app.lines,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (e) {
    await stopAll();
    throw e;
  }
  return stopAll;
}

function exit(): never {
  process.exit(0);
}

/**
 * The desktop app wired to the engine, or, where it cannot run, the daemon serving the same UI.
 * `onQuit` runs when the person quits the desktop app.
 */
async function startApp(
  config: Parameters<typeof startDaemon>[0],
  settings: SettingsPatch,
  logger: Logger,
  onQuit: () => void,
): Promise<Running> {
  const desktop = findDesktopApp();
  if (typeof desktop === 'object') {
    await configureEngine(config.dataDir, config.downloadDir, settings);
    return launchDesktop(desktop, config.dataDir, onQuit);
  }
  process.stderr.write(`Desktop app: ${desktop}; serving the same UI from the daemon instead.\n`);
  const running = await startDaemon(config, logger.child({ component: 'daemon' }), { settings });
  return { lines: [`  web UI         ${running.openUrl}`], close: () => running.close() };
}

interface DesktopApp {
  binary: string;
  main: string;
}

/**
 * Electron's binary as its npm package finds it (path.txt under its dist/), without the package's
 * own fallback of downloading it, and the built main process. Otherwise why it cannot run.
 */
function findDesktopApp(): DesktopApp | string {
  const binary = electronBinary();
  if (binary === undefined) {
    return 'the Electron binary is not installed (it downloads on first use: "npx install-electron" needs network access)';
  }
  const main = path.join(packageRoot(), 'dist', 'electron', 'main.js');
  if (!existsSync(main)) return `the desktop app is not built (${main} is missing: npm run build)`;
  return { binary, main };
}

function electronBinary(): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !executable) return undefined;
  const binary = override ? path.join(override, executable || 'electron') : path.join(dir, 'dist', executable);
  return existsSync(binary) ? binary : undefined;
}

/** The desktop app opens the library itself: its settings are written before it starts. */
async function configureEngine(dataDir: string, downloadDir: string, settings: SettingsPatch): Promise<void> {
  const session = await Session.open({ dataDir, defaultDownloadDir: downloadDir, startAll: false });
  try {
    await session.setSettings(settings);
  } finally {
    await session.close();
  }
}

function launchDesktop(app: DesktopApp, dataDir: string, onQuit: () => void): Running {
  const child = spawn(app.binary, [app.main], { stdio: 'inherit', env: { ...process.env, SHOAL_DATA_DIR: dataDir } });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      process.stderr.write(`Desktop app: cannot start ${app.binary}: ${e.message}\n`);
      resolve();
    });
  });
  let quitting = false;
  void exited.then(() => {
    if (!quitting) onQuit();
  });
  return {
    lines: [`  desktop app    Electron (pid ${child.pid ?? '?'})`],
    async close() {
      quitting = true;
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function trackerUrls(host: string, port: number): string[] {
  const h = host.includes(':') ? `[${host}]` : host;
  return [`ws://${h}:${port}`, `http://${h}:${port}/announce`, `udp://${h}:${port}`];
}
