import { homedir } from 'node:os';
import path from 'node:path';
import { configHelp } from '../../core/server/config.js';
import { daemonConfigSpec } from '../../daemon/config.js';
import { startDaemon } from '../../daemon/daemon.js';
import { defaultDataDir } from '../../search-server/config.js';
import type { Command } from '../command.js';
import { runServer } from '../server-command.js';

export const command: Command = {
  name: 'daemon',
  help: configHelp(daemonConfigSpec),
  run: (argv) =>
    runServer(daemonConfigSpec, argv, 'daemon', async (config, logger) => {
      const daemon = await startDaemon(
        {
          ...config,
          dataDir: config.dataDir ?? defaultDataDir(),
          downloadDir: config.downloadDir ?? path.join(homedir(), 'Downloads'),
        },
        logger,
      );
      process.stderr.write(
        `\nShoal daemon is running. Open the web UI at\n  ${daemon.openUrl}\nPress Ctrl-C to stop.\n\n`,
      );
      return daemon;
    }),
};
