import type { Database } from 'better-sqlite3';
import { SearchDbError } from './errors.js';
import type { ScrapeTarget, SwarmCounts } from './types.js';

/**
 * Scrape bookkeeping: which torrents are due, and when to look again. A success schedules the
 * next scrape after SCRAPE_INTERVAL_MS; each failure in a row doubles the wait from
 * FIRST_RETRY_MS up to MAX_RETRY_MS, so dead trackers cost little.
 */
export const SCRAPE_INTERVAL_MS = 30 * 60_000;
export const FIRST_RETRY_MS = 5 * 60_000;
export const MAX_RETRY_MS = 24 * 60 * 60_000;

export interface ScrapeBook {
  due(now: number, limit: number): ScrapeTarget[];
  success(id: number, counts: SwarmCounts, now: number): void;
  failure(id: number, now: number): void;
}

export function scrapeStatements(db: Database): ScrapeBook {
  const due = db.prepare(
    'SELECT t.id, t.info_hash AS infoHash, d.trackers, t.scrape_failures AS scrapeFailures ' +
      'FROM torrents t JOIN torrent_details d ON d.torrent_id = t.id ' +
      'WHERE t.hidden = 0 AND t.next_scrape_at <= ? ORDER BY t.next_scrape_at LIMIT ?',
  );
  const success = db.prepare(
    'UPDATE torrents SET seeders = ?, leechers = ?, completed = ?, scraped_at = ?, scrape_failures = 0, ' +
      'next_scrape_at = ? WHERE id = ?',
  );
  // SET expressions read the old scrape_failures: the first failure waits FIRST_RETRY_MS.
  const failure = db.prepare(
    'UPDATE torrents SET scrape_failures = scrape_failures + 1, ' +
      'next_scrape_at = :now + min(:max, :first << min(scrape_failures, 20)) WHERE id = :id',
  );
  return {
    due(now, limit) {
      const rows = due.all(now, limit) as (Omit<ScrapeTarget, 'trackers'> & { trackers: string })[];
      return rows.map((row) => ({ ...row, trackers: JSON.parse(row.trackers) as string[] }));
    },
    success(id, counts, now) {
      for (const key of ['seeders', 'leechers', 'completed'] as const) {
        if (!Number.isSafeInteger(counts[key]) || counts[key] < 0) {
          throw new SearchDbError('bad-entry', `${key} must be a whole number ≥ 0, not ${String(counts[key])}`);
        }
      }
      success.run(counts.seeders, counts.leechers, counts.completed, now, now + SCRAPE_INTERVAL_MS, id);
    },
    failure(id, now) {
      failure.run({ now, max: MAX_RETRY_MS, first: FIRST_RETRY_MS, id });
    },
  };
}
