import { TrackerClientError } from './errors.js';

/** Options of one request to a tracker (a scrape or an announce). */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Whole-request budget in milliseconds (default 15 s). */
  timeoutMs?: number;
  /**
   * Refuse trackers at loopback, private, link-local and other non-public addresses
   * ('address-refused'), checked on the addresses actually connected to, for every protocol.
   * Off by default: a peer may well use a tracker on its LAN; a server scraping URLs that
   * strangers chose turns it on so they cannot make it probe its own network.
   */
  blockPrivateAddresses?: boolean;
}

export type ScrapeOptions = RequestOptions;
export type AnnounceOptions = RequestOptions;

export interface ScrapeCounts {
  complete: number;
  incomplete: number;
  downloaded: number;
}

/** Counts by lower-case hex info hash. */
export type ScrapeResult = Map<string, ScrapeCounts>;

export const DEFAULT_TIMEOUT_MS = 15_000;

/** One signal that fires on the caller's abort or when the time budget runs out. */
export function deadlineSignal(options: RequestOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
}

/** The TrackerClientError for a fired deadline signal: 'timeout' or 'aborted'. */
export function abortError(signal: AbortSignal, url: string): TrackerClientError {
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  return timedOut
    ? new TrackerClientError('timeout', `no answer from ${url} in time`)
    : new TrackerClientError('aborted', `request to ${url} was aborted`);
}

/** Waits for `work`, but throws abortError as soon as the signal fires (the work itself runs on unobserved). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, url: string): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal, url));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, url));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
