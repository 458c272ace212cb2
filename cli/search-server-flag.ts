import { searchServerUrl, SearchClientError } from '../core/engine/search-client/index.js';
import { UsageError } from './command.js';

/** The search server's base URL from `--search` or SHOAL_SEARCH_URL; a bad or missing one is wrong usage. */
export function searchServerBase(flag: string | undefined): URL {
  const server = flag ?? process.env.SHOAL_SEARCH_URL;
  if (!server) throw new UsageError('--search URL is required (or set SHOAL_SEARCH_URL)');
  try {
    return searchServerUrl(server);
  } catch (error) {
    if (error instanceof SearchClientError) throw new UsageError(`--search: ${error.message}`);
    throw error;
  }
}

/** A whole-number flag value; its range is the server's to judge. */
export function wholeNumber(flag: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--${flag} must be a whole number, not ${JSON.stringify(value)}`);
  return Number(value);
}
