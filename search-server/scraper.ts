import type { Logger } from '../core/server/logger.js';
import type { ScrapeTarget, TorrentRepository } from './db/types.js';

/** T2's tracker client: `scrape(announceUrl, infoHashesHex, options)` over http(s), udp and ws(s). */
export type ScrapeFn = (
  announceUrl: string,
  infoHashes: string[],
  options: { signal?: AbortSignal; timeoutMs?: number; blockPrivateAddresses?: boolean },
) => Promise<Map<string, { complete: number; incomplete: number; downloaded: number }>>;

export interface ScraperOptions {
  torrents: TorrentRepository;
  scrape: ScrapeFn;
  logger: Logger;
  intervalMs: number;
  batch: number;
  timeoutMs: number;
  /**
   * Also scrape trackers at non-public addresses. Tracker URLs come from torrents anyone may
   * publish, so by default the scraper refuses them: it must not probe the server's own network.
   */
  scrapePrivateTrackers: boolean;
  /** Used for torrents that list no tracker of their own (they get the same ones in magnets). */
  defaultTrackers: readonly string[];
}

/** UDP scrapes carry at most ~74 hashes per packet; HTTP URLs grow with each. */
const HASHES_PER_REQUEST = 50;
const PARALLEL_REQUESTS = 4;
const SCRAPABLE = /^(https?|udp|wss?):\/\//i;

/**
 * Periodic scraping: every interval, the due torrents (never-scraped first) are grouped by their
 * first scrapable tracker so one request covers many info hashes; results go to the database,
 * failures back off there exponentially. One round at a time; the timer never keeps the process
 * alive; `close` aborts requests in flight and waits for the round to end.
 */
export class Scraper {
  readonly #options: ScraperOptions;
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: ScraperOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    await this.#round;
  }

  /** One round over the torrents due now. */
  async runOnce(now = Date.now()): Promise<void> {
    const due = this.#options.torrents.dueForScrape(now, this.#options.batch);
    const jobs = this.#group(due, now);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !this.#closed) await this.#scrapeChunk(jobs[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, jobs.length) }, worker));
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#round = this.runOnce().then(
        () => this.#schedule(),
        (e: unknown) => {
          this.#options.logger.error({ err: e }, 'scrape round failed');
          this.#schedule();
        },
      );
    }, this.#options.intervalMs);
    this.#timer.unref();
  }

  #group(due: readonly ScrapeTarget[], now: number): { url: string; targets: ScrapeTarget[] }[] {
    const byTracker = new Map<string, ScrapeTarget[]>();
    for (const target of due) {
      const trackers = target.trackers.length > 0 ? target.trackers : this.#options.defaultTrackers;
      const url = trackers.find((u) => SCRAPABLE.test(u));
      if (url === undefined) {
        this.#options.torrents.recordScrapeFailure(target.id, now);
        continue;
      }
      byTracker.set(url, [...(byTracker.get(url) ?? []), target]);
    }
    const jobs: { url: string; targets: ScrapeTarget[] }[] = [];
    for (const [url, targets] of byTracker) {
      for (let i = 0; i < targets.length; i += HASHES_PER_REQUEST) {
        jobs.push({ url, targets: targets.slice(i, i + HASHES_PER_REQUEST) });
      }
    }
    return jobs;
  }

  async #scrapeChunk({ url, targets }: { url: string; targets: ScrapeTarget[] }): Promise<void> {
    const { torrents, scrape, timeoutMs, logger, scrapePrivateTrackers } = this.#options;
    try {
      const hashes = targets.map((t) => t.infoHash);
      const files = await scrape(url, hashes, {
        signal: this.#abort.signal,
        timeoutMs,
        // The operator's own --tracker URLs are trusted; only URLs from published torrents are not.
        blockPrivateAddresses: !scrapePrivateTrackers && !this.#options.defaultTrackers.includes(url),
      });
      if (this.#closed) return;
      const now = Date.now();
      for (const t of targets) {
        // A tracker that does not know a torrent leaves it out: nobody is in its swarm.
        const counts = files.get(t.infoHash) ?? { complete: 0, incomplete: 0, downloaded: 0 };
        torrents.recordScrape(
          t.id,
          { seeders: counts.complete, leechers: counts.incomplete, completed: counts.downloaded },
          now,
        );
      }
    } catch (e) {
      if (this.#closed) return;
      logger.debug({ tracker: url, err: (e as Error).message, torrents: targets.length }, 'scrape failed');
      const now = Date.now();
      for (const t of targets) torrents.recordScrapeFailure(t.id, now);
    }
  }
}
