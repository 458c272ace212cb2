export interface BackoffOptions {
  /** The first wait after a lost connection. */
  initialMs: number;
  /** The longest wait between two attempts. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/**
 * The wait before attempt `attempt` (0 = the first retry): doubling from initialMs up to maxMs,
 * less up to a fifth at random, so that many pages left open do not all knock at the same moment
 * when a daemon comes back.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exact = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(exact * (1 - 0.2 * random()));
}
