import { TrackerRequestError } from './tracker-error.js';

/**
 * BEP 48: the scrape URL of an HTTP tracker is its announce URL with the last path segment's
 * leading "announce" replaced by "scrape" ("/announce.php" → "/scrape.php"). A tracker whose last
 * segment does not start with "announce" has no scrape URL; that is refused rather than guessed.
 */
export function scrapeUrlFor(announceUrl: string): URL {
  const url = new URL(announceUrl);
  const slash = url.pathname.lastIndexOf('/');
  const last = url.pathname.slice(slash + 1);
  if (!last.startsWith('announce')) {
    throw new TrackerRequestError(
      'no-scrape-url',
      `cannot scrape ${url.origin}${url.pathname}: its last path segment is not "announce…" (BEP 48)`,
    );
  }
  url.pathname = `${url.pathname.slice(0, slash + 1)}scrape${last.slice('announce'.length)}`;
  return url;
}
