import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { readAnswer, refusal, searchServerBase } from './search-client.js';

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

Exit status: 0 published, 1 refused by the server (the message says why), 2 wrong usage.`;

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
    const endpoint = new URL('api/v1/torrents', searchServerBase(values.search));
    const file = positionals[0]!;
    const bytes = await readFile(file);
    const form = new FormData();
    form.set('torrent', new Blob([bytes], { type: 'application/x-bittorrent' }), basename(file));
    if (values.title !== undefined) form.set('title', values.title);
    if (values.description !== undefined) form.set('description', values.description);
    if (values.category !== undefined) form.set('category', values.category);
    for (const tag of values.tag ?? []) form.append('tags', tag);
    const token = values.token ?? process.env.SHOAL_TOKEN;
    const response = await fetch(endpoint, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(60_000),
    });
    return report(response);
  },
};

async function report(response: Response): Promise<number> {
  const answer = await readAnswer<{ url?: string }>(response);
  if (answer.status === 201 && answer.body.url) {
    process.stdout.write(`${answer.body.url}\n`);
    return 0;
  }
  const existing = answer.body.existing?.url;
  const where = existing ? ` (existing entry: ${new URL(existing, response.url).href})` : '';
  process.stderr.write(`shoal publish: ${refusal(answer, response)}${where}\n`);
  return 1;
}
