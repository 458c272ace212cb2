import { configHelp } from '../../core/server/config.js';
import { trackerConfigSpec } from '../../tracker/config.js';
import { startTracker } from '../../tracker/server.js';
import type { Command } from '../command.js';
import { runServer } from '../server-command.js';

export const command: Command = {
  name: 'tracker',
  help: configHelp(trackerConfigSpec),
  run: (argv) =>
    runServer(trackerConfigSpec, argv, 'tracker', async (config, logger) => {
      const tracker = await startTracker(config, logger);
      logger.info({ host: config.host, httpPort: tracker.httpPort, udpPort: tracker.udpPort }, 'tracker listening');
      process.on('SIGHUP', () => {
        // A bad file keeps the previous list: the tracker goes on serving.
        tracker.reloadAccessList().catch((e: unknown) => logger.error({ err: e }, 'access list reload failed'));
      });
      return tracker;
    }),
};
