import { loadConfig } from '../../core/server/config.js';
import { createLogger } from '../../core/server/logger.js';
import { closeOnSignals } from '../../core/server/shutdown.js';
import { searchServerConfigSpec } from '../../search-server/config.js';
import { startSearchServer } from '../../search-server/main.js';
import { trackerConfigSpec } from '../../tracker/config.js';
import { startTracker } from '../../tracker/server.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';

const HELP = `Usage: shoal up [--host ADDR] [--tracker-port N] [--search-port N] [--data-dir DIR]

Runs the whole system locally in one process (what "npm start" runs):
  - a tracker: HTTP and UDP announce/scrape, WebSocket signalling for WebRTC peers
  - a search server: web pages, JSON API, Torznab and RSS, whose magnet links name that tracker

Because it is meant for one machine, it listens on loopback, lets anyone there publish
without a token and scrapes trackers at loopback and private addresses (its own is one).
To serve others, run "shoal tracker" and "shoal search-server" with their
own settings instead (see their --help).

Options:
  --host <addr>          Address both servers listen on (default: 127.0.0.1)
  --tracker-port <n>     Tracker HTTP/WebSocket and UDP port (default: 8000)
  --search-port <n>      Search server port (default: 8080)
  --data-dir <dir>       Data folder for the search index (default: $SHOAL_DATA_DIR or the
                         OS user-data folder for shoal)
  --log-level <level>    fatal, error, warn, info, debug, trace or silent (default: info)
  -h, --help             Show this help

SHOAL_TRACKER_* and SHOAL_SEARCH_* environment variables apply as they do to each server.`;

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
        'data-dir': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
      },
      false,
    );
    const host = values.host;
    const common = ['--host', host, '--log-level', values['log-level']];
    // Each server's own loader validates the values and names the bad one.
    const tracker = loadConfig(trackerConfigSpec, [...common, '--port', values['tracker-port']], process.env).config;
    const announce = trackerUrls(host, tracker.port);
    const search = loadConfig(
      searchServerConfigSpec,
      [
        ...common,
        '--port',
        values['search-port'],
        '--anonymous-publish',
        // Its own tracker is on loopback: without this, no torrent here would show seeders.
        '--scrape-private-trackers',
        ...announce.flatMap((url) => ['--tracker', url]),
        ...(values['data-dir'] ? ['--data-dir', values['data-dir']] : []),
      ],
      process.env,
    ).config;
    if (tracker.port === 0 || search.port === 0) throw new UsageError('shoal up needs fixed ports, not 0');

    const logger = createLogger('shoal', tracker.logLevel);
    const runningTracker = await startTracker(tracker, logger.child({ component: 'tracker' }));
    const server = await startSearchServer(search, logger.child({ component: 'search-server' })).catch(
      async (e: unknown) => {
        await runningTracker.close();
        throw e;
      },
    );
    process.stderr.write(
      [
        '',
        'Shoal is running.',
        `  search server  ${server.url}  (database ${server.dbFile})`,
        `  tracker        ${announce.join('  ')}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    closeOnSignals(async () => void (await Promise.all([server.close(), runningTracker.close()])), { logger });
    return 0;
  },
};

function trackerUrls(host: string, port: number): string[] {
  const h = host.includes(':') ? `[${host}]` : host;
  return [`ws://${h}:${port}`, `http://${h}:${port}/announce`, `udp://${h}:${port}`];
}
