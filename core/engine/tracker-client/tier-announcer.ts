import { randomInt } from 'node:crypto';
import { AnnounceTier, type TierSettings } from './announce-tier.js';
import type { TierAnnouncerOptions, TierMember, TrackerStatus } from './announce-types.js';
import { TrackerClientError } from './errors.js';
import { DEFAULT_TIMEOUT_MS } from './options.js';

const DEFAULT_RETRY_MIN_MS = 15_000;
const DEFAULT_RETRY_MAX_MS = 30 * 60_000;
const DEFAULT_FLOOR_SECONDS = 60;
/** 'stopped' is a courtesy: shutting down must not wait a full announce budget for it. */
const STOP_TIMEOUT_MS = 5_000;
/** setTimeout overflows past 2³¹−1 ms (24.8 days) and fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const SCHEMES = new Set(['http:', 'https:', 'udp:']);

/**
 * BEP 12 for one torrent: tiers in order; within a tier the URLs are shuffled once and tried in
 * order until one answers, which then moves to the front. Shoal announces to every tier (as
 * qBittorrent and libtorrent do by default), one working tracker per tier. Only http, https and
 * udp URLs; others are ignored (ws(s) are handled elsewhere), and so is a URL already in an earlier tier.
 */
export class TierAnnouncer {
  private readonly tiers: AnnounceTier[] = [];
  private readonly ending = new AbortController();
  private readonly stopTimeoutMs: number;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(tiers: readonly (readonly string[])[], member: TierMember, options: TierAnnouncerOptions = {}) {
    const settings = settingsFrom(member, options, this.ending.signal);
    this.stopTimeoutMs = Math.min(STOP_TIMEOUT_MS, settings.timeoutMs);
    const seen = new Set<string>();
    tiers.forEach((urls, index) => {
      const usable: string[] = [];
      for (const url of urls) {
        if (seen.has(url) || !isAnnounceUrl(url)) continue;
        seen.add(url);
        usable.push(url);
      }
      if (usable.length > 0) this.tiers.push(new AnnounceTier(index, usable, settings));
    });
  }

  /** Announces 'started' to every tier, then re-announces at each tracker's interval. */
  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    for (const tier of this.tiers) tier.start();
  }

  /** Announces now (as soon as the min interval allows, unless it is 'completed'). */
  announce(event?: 'completed'): void {
    if (!this.started || this.stopping) return;
    for (const tier of this.tiers) tier.announce(event);
  }

  /** Ends every timer and announce in flight, then says 'stopped' to the trackers that worked (bounded). */
  stop(): Promise<void> {
    this.stopping ??= this.stopTiers();
    return this.stopping;
  }

  status(): TrackerStatus[] {
    return this.tiers.flatMap((tier) => tier.status());
  }

  private async stopTiers(): Promise<void> {
    this.ending.abort();
    await Promise.all(this.tiers.map((tier) => tier.stop(this.stopTimeoutMs)));
  }
}

function settingsFrom(member: TierMember, options: TierAnnouncerOptions, signal: AbortSignal): TierSettings {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryMinMs = options.retry?.minMs ?? DEFAULT_RETRY_MIN_MS;
  const retryMaxMs = options.retry?.maxMs ?? Math.max(DEFAULT_RETRY_MAX_MS, retryMinMs);
  const floorSeconds = options.minIntervalSeconds ?? DEFAULT_FLOOR_SECONDS;
  const refuse = (what: string) => {
    throw new TrackerClientError('bad-request', `tier announcer: ${what}`);
  };
  if (!(timeoutMs > 0)) refuse(`timeoutMs must be positive, got ${timeoutMs}`);
  if (!(retryMinMs > 0 && retryMinMs <= retryMaxMs && retryMaxMs <= MAX_TIMER_MS))
    refuse(`retry needs 0 < minMs ≤ maxMs ≤ ${MAX_TIMER_MS}, got ${retryMinMs} and ${retryMaxMs}`);
  if (!(floorSeconds >= 0)) refuse(`minIntervalSeconds must be 0 or more, got ${floorSeconds}`);
  return {
    member,
    key: randomInt(0, 2 ** 32),
    timeoutMs,
    retryMinMs,
    retryMaxMs,
    floorSeconds,
    blockPrivateAddresses: options.blockPrivateAddresses ?? false,
    signal,
  };
}

function isAnnounceUrl(url: string): boolean {
  try {
    return SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
