import { HttpError } from './errors.js';

/**
 * Per-address token buckets held in memory: each address may spend `perMinute` requests in a
 * burst, refilled continuously. The table is bounded: when it grows past `maxClients`, buckets
 * that have refilled completely (idle clients) are dropped first, then the oldest.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #perMinute: number;
  readonly #maxClients: number;

  constructor(perMinute: number, maxClients = 100_000) {
    this.#perMinute = perMinute;
    this.#maxClients = maxClients;
  }

  /** Takes one token for `client` or throws a 429 saying when to come back. */
  take(client: string, what: string, now = Date.now()): void {
    const bucket = this.#refill(client, now);
    if (bucket.tokens < 1) {
      const waitSeconds = Math.ceil(((1 - bucket.tokens) * 60) / this.#perMinute);
      throw new HttpError(
        429,
        'rate-limited',
        `too many ${what} requests from your address; at most ${this.#perMinute} per minute, try again in ${waitSeconds} s`,
      );
    }
    bucket.tokens -= 1;
  }

  #refill(client: string, now: number) {
    let bucket = this.#buckets.get(client);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxClients) this.#evict(now);
      bucket = { tokens: this.#perMinute, at: now };
      this.#buckets.set(client, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.#perMinute);
    bucket.at = now;
    return bucket;
  }

  #evict(now: number): void {
    for (const [client, bucket] of this.#buckets) {
      if (now - bucket.at >= 60_000) this.#buckets.delete(client);
    }
    while (this.#buckets.size >= this.#maxClients) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) break;
      this.#buckets.delete(oldest);
    }
  }
}
