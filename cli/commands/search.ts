import { formatBytes } from '../../core/protocol/units.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { readAnswer, refusal, searchServerBase } from './search-client.js';

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

Exit status: 0 answered (even with no results), 1 refused by the server, 2 wrong usage.`;

interface Result {
  items?: { title: string; size: number; seeders: number; url: string }[];
  total?: number;
  totalIsEstimate?: boolean;
}

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
    const url = new URL('api/v1/search', searchServerBase(values.search));
    url.searchParams.set('q', positionals.join(' '));
    url.searchParams.set('limit', values.limit ?? '20');
    if (values.cat) url.searchParams.set('cat', values.cat.join(','));
    if (values.sort) url.searchParams.set('sort', values.sort);
    if (values['min-seeders']) url.searchParams.set('min_seeders', values['min-seeders']);
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    const answer = await readAnswer<Result>(response);
    if (answer.status !== 200 || !answer.body.items) {
      process.stderr.write(`shoal search: ${refusal(answer, response)}\n`);
      return 1;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
      return 0;
    }
    for (const t of answer.body.items) {
      process.stdout.write(
        `${String(t.seeders).padStart(6)}  ${formatBytes(t.size).padStart(10)}  ${printable(t.title)}  ${t.url}\n`,
      );
    }
    const total = `${answer.body.total ?? 0}${answer.body.totalIsEstimate ? '+' : ''}`;
    process.stderr.write(`${answer.body.items.length} shown of ${total}\n`);
    return 0;
  },
};

/** Titles come from strangers: no terminal escape sequences or bidi tricks reach the terminal. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}
