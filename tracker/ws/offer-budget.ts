/**
 * A token bucket of offers per connection: `perSecond` refill, a burst of twice that. Bounds how
 * fast one socket can make the tracker push offers at other peers.
 */
export class OfferBudget {
  private tokens: number;
  private readonly burst: number;

  constructor(
    private readonly perSecond: number,
    private refilledAt: number,
  ) {
    this.burst = perSecond * 2;
    this.tokens = this.burst;
  }

  /** Takes up to `wanted` whole tokens at time `now` (ms) and returns how many were granted. */
  take(wanted: number, now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }
}
