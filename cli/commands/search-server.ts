import { configHelp } from '../../core/server/config.js';
import { searchServerConfigSpec } from '../../search-server/config.js';
import { startSearchServer } from '../../search-server/main.js';
import type { Command } from '../command.js';
import { runServer } from '../server-command.js';
import { ADMIN_HELP, runAdmin } from './search-server-admin.js';

export const command: Command = {
  name: 'search-server',
  help: `${configHelp(searchServerConfigSpec)}\n\n${ADMIN_HELP}`,
  async run(argv) {
    const [first, ...rest] = argv;
    if (first === 'token' || first === 'blocklist') return runAdmin(first, rest);
    return runServer(searchServerConfigSpec, argv, 'search-server', startSearchServer);
  },
};
