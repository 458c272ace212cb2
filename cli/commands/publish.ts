import { readFile } from 'node:fs/promises';
import { publishTorrent } from '../../core/engine/search-client/index.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { searchServerBase, wholeNumber } from '../search-server-flag.js';

const HELP = `Usage: shoal publish <file.torrent> --search URL [options]

Publish a .torrent file on a Shoal search server. Prints the torrent's page URL.

Options:
  --search URL         Base URL of the search server (env SHOAL_SEARCH_URL)
  --token TOKEN        API token with role publisher or admin (env SHOAL_TOKEN);
                       not needed when the server allows anonymous publishing
  --title TEXT         Title people see and search (default: the torrent's name)
  --description TEXT   Free text shown on the torrent's page
  --category ID        Torznab category id, e.g. 2000 Movies, 5000 TV, 3000 Audio, 7000 Books,
                       4000 PC, 8000 Other (default 8000)
  --tag TAG            A tag (repeatable)
  -h, --help           Show this help

Exit status: 0 published, 1 refused by the server or unreachable (the message says why), 2 wrong usage.`;

export const command: Command = {
  name: 'publish',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      search: { type: 'string' },
      token: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      category: { type: 'string' },
      tag: { type: 'string', multiple: true },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one .torrent file');
    const base = searchServerBase(values.search);
    const category = values.category === undefined ? undefined : wholeNumber('category', values.category);
    const bytes = await readFile(positionals[0]!);
    const published = await publishTorrent(base, values.token ?? process.env.SHOAL_TOKEN, bytes, {
      title: values.title,
      description: values.description,
      category,
      tags: values.tag,
    });
    process.stdout.write(`${published.url}\n`);
    return 0;
  },
};
