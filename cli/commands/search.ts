import { searchTorrents, type SearchQuery } from '../../core/engine/search-client/index.js';
import { formatBytes } from '../../core/protocol/units.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { searchServerBase, wholeNumber } from '../search-server-flag.js';

const HELP = `Usage: shoal search <words...> --search URL [options]

Search a Shoal search server and print one line per torrent: seeders, size, title, page URL.
Words are plain text; "a phrase" in quotes and word* for a prefix work as on the web page.

Options:
  --search URL       Base URL of the search server (env SHOAL_SEARCH_URL)
  --cat ID           Torznab category id (repeatable), e.g. 2000 Movies, 5000 TV
  --sort KEY         relevance, newest, size or seeders (default: relevance)
  --min-seeders N    Only torrents with at least N seeders
  --limit N          How many results (1-100, default 20)
  --json             Print the server's JSON answer as it is
  -h, --help         Show this help

Exit status: 0 answered (even with no results), 1 refused by the server or unreachable, 2 wrong usage.`;

const SORTS = ['relevance', 'newest', 'size', 'seeders'] as const;

export const command: Command = {
  name: 'search',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      search: { type: 'string' },
      cat: { type: 'string', multiple: true },
      sort: { type: 'string' },
      'min-seeders': { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('give the words to search for');
    const sort = values.sort as SearchQuery['sort'];
    if (sort !== undefined && !SORTS.includes(sort)) throw new UsageError(`--sort must be one of ${SORTS.join(', ')}`);
    const page = await searchTorrents(searchServerBase(values.search), {
      text: positionals.join(' '),
      limit: wholeNumber('limit', values.limit ?? '20'),
      categories: values.cat?.flatMap((list) => list.split(',')).map((id) => wholeNumber('cat', id.trim())),
      sort,
      minSeeders: values['min-seeders'] === undefined ? undefined : wholeNumber('min-seeders', values['min-seeders']),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
      return 0;
    }
    for (const t of page.items) {
      process.stdout.write(
        `${String(t.seeders).padStart(6)}  ${formatBytes(t.size).padStart(10)}  ${printable(t.title)}  ${t.url}\n`,
      );
    }
    const total = `${page.total}${page.totalIsEstimate ? '+' : ''}`;
    process.stderr.write(`${page.items.length} shown of ${total}\n`);
    return 0;
  },
};

/** Titles come from strangers: no terminal escape sequences or bidi tricks reach the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}
