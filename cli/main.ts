#!/usr/bin/env node
import { ConfigError } from '../core/server/config.js';
import { UsageError, type Command } from './command.js';

interface Entry {
  summary: string;
  load: () => Promise<{ command: Command }>;
}

/** Sub-commands, loaded on demand so that `shoal info` does not pay for the tracker's imports. */
const commands: Record<string, Entry> = {
  create: { summary: 'create a .torrent from a file or folder', load: () => import('./commands/create.js') },
  info: { summary: 'show what a .torrent or magnet link holds', load: () => import('./commands/info.js') },
  verify: { summary: 'check downloaded data against a .torrent', load: () => import('./commands/verify.js') },
  seed: { summary: 'share a file, folder or .torrent with peers', load: () => import('./commands/seed.js') },
  get: { summary: 'download a magnet link, .torrent or infohash', load: () => import('./commands/get.js') },
  tracker: { summary: 'run the tracker (HTTP, UDP, WebSocket)', load: () => import('./commands/tracker.js') },
  'search-server': {
    summary: 'run the search server (web, JSON API, Torznab, RSS)',
    load: () => import('./commands/search-server.js'),
  },
  publish: { summary: 'publish a .torrent on a search server', load: () => import('./commands/publish.js') },
  daemon: {
    summary: 'run the engine headless: web UI and control API over HTTP',
    load: () => import('./commands/daemon.js'),
  },
  up: { summary: 'run the whole system locally (npm start)', load: () => import('./commands/up.js') },
  search: { summary: 'search a search server from the terminal', load: () => import('./commands/search.js') },
};

const HELP = `Usage: shoal <command> [options]

Shoal: share files peer to peer. Servers for discovery, peers for data.

Commands:
${Object.entries(commands)
  .map(([name, { summary }]) => `  ${name.padEnd(15)}${summary}`)
  .join('\n')}

Run "shoal <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`shoal: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  const { command } = await entry.load();
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${command.help}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`shoal ${name}: ${e.message}\nRun "shoal ${name} --help" for usage.\n`);
      return 2;
    }
    const err = e as Error;
    process.stderr.write(`shoal ${name}: ${err.message}\n`);
    if (process.env.SHOAL_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
