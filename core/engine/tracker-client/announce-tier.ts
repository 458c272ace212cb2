import { announce } from './announce.js';
import type { AnnounceEvent, AnnounceReply, TierMember, TrackerStatus } from './announce-types.js';
import type { AnnounceOptions } from './options.js';

/** What every tier of one announcer shares. */
export interface TierSettings {
  member: TierMember;
  /** 32-bit, random per announcer. */
  key: number;
  timeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
  floorSeconds: number;
  blockPrivateAddresses: boolean;
  /** Fires on stop: ends the announces in flight. */
  signal: AbortSignal;
}

/** A bogus huge interval must not silence a tracker for good (and setTimeout overflows past 24.8 days). */
const MAX_INTERVAL_SECONDS = 86_400;

interface Tracker {
  readonly status: TrackerStatus;
  /** It acknowledged 'started' (or a later event), so it knows us and gets 'stopped' at the end. */
  started: boolean;
  trackerId: string | undefined;
  minIntervalSeconds: number | undefined;
}

/**
 * One BEP 12 tier: its URLs shuffled once, tried in order until one answers, which then moves to
 * the front; re-announces at that tracker's interval, or retries the tier with back-off when none answered.
 */
export class AnnounceTier {
  private readonly trackers: Tracker[];
  private timer: NodeJS.Timeout | undefined;
  private dueAt: number | undefined;
  private running: Promise<void> | undefined;
  /** An announce was asked for while one ran. */
  private rerun = false;
  private failures = 0;
  private completedPending = false;
  private lastRunAt = -Infinity;
  private stopped = false;

  constructor(
    index: number,
    urls: readonly string[],
    private readonly settings: TierSettings,
  ) {
    this.trackers = shuffled(urls).map((url) => ({
      status: { url, tier: index, state: 'idle' },
      started: false,
      trackerId: undefined,
      minIntervalSeconds: undefined,
    }));
  }

  start(): void {
    this.runNow();
  }

  /** Announces now, or as soon as the min interval since the last run allows ('completed' does not wait). */
  announce(event?: 'completed'): void {
    if (this.stopped) return;
    if (event === 'completed') this.completedPending = true;
    if (this.running) {
      this.rerun = true;
      return;
    }
    const at = event === 'completed' ? Date.now() : Math.max(Date.now(), this.lastRunAt + this.minGapMs());
    if (this.dueAt === undefined || at < this.dueAt) this.scheduleAt(at);
  }

  /** Ends the schedule and the announce in flight (the caller aborts the signal), then says 'stopped'. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([this.running]);
    const options = { timeoutMs, blockPrivateAddresses: this.settings.blockPrivateAddresses };
    await Promise.allSettled(this.trackers.filter((t) => t.started).map((t) => this.announceTo(t, 'stopped', options)));
    for (const t of this.trackers) {
      t.status.state = 'stopped';
      delete t.status.nextAnnounceAt;
    }
  }

  status(): TrackerStatus[] {
    return this.trackers.map((t) => ({ ...t.status }));
  }

  private runNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = undefined;
    for (const t of this.trackers) delete t.status.nextAnnounceAt;
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (!this.rerun) return;
      this.rerun = false;
      this.announce(this.completedPending ? 'completed' : undefined);
    });
  }

  private async run(): Promise<void> {
    this.lastRunAt = Date.now();
    const options = {
      signal: this.settings.signal,
      timeoutMs: this.settings.timeoutMs,
      blockPrivateAddresses: this.settings.blockPrivateAddresses,
    };
    let failedAt = Date.now();
    for (const tracker of [...this.trackers]) {
      if (this.stopped) return;
      const event = this.eventFor(tracker);
      tracker.status.state = 'announcing';
      let reply: AnnounceReply;
      try {
        reply = await this.announceTo(tracker, event, options);
      } catch (e) {
        failedAt = Date.now();
        if (!this.stopped) this.failed(tracker, e, failedAt);
        continue;
      }
      this.succeeded(tracker, event, reply);
      return;
    }
    if (this.stopped) return;
    this.failures++;
    this.scheduleAt(failedAt + retryDelayMs(this.failures, this.settings.retryMinMs, this.settings.retryMaxMs));
  }

  private eventFor(tracker: Tracker): AnnounceEvent {
    if (!tracker.started) return 'started';
    return this.completedPending ? 'completed' : 'none';
  }

  private async announceTo(tracker: Tracker, event: AnnounceEvent, options: AnnounceOptions): Promise<AnnounceReply> {
    const { member, key } = this.settings;
    return await announce(
      tracker.status.url,
      {
        infoHash: member.infoHash,
        peerId: member.peerId,
        port: member.port,
        ...member.stats(),
        event,
        numwant: event === 'stopped' ? 0 : member.wantedPeers(),
        key,
        ...(tracker.trackerId === undefined ? {} : { trackerId: tracker.trackerId }),
      },
      options,
    );
  }

  private succeeded(tracker: Tracker, event: AnnounceEvent, reply: AnnounceReply): void {
    const now = Date.now();
    tracker.started = true;
    tracker.trackerId = reply.trackerId ?? tracker.trackerId;
    tracker.minIntervalSeconds = reply.minIntervalSeconds;
    if (event === 'completed') this.completedPending = false;
    Object.assign(tracker.status, {
      state: 'working',
      lastAnnounceAt: now,
      lastError: undefined,
      warning: reply.warning,
      complete: reply.complete,
      incomplete: reply.incomplete,
      intervalSeconds: reply.intervalSeconds,
      peers: reply.peers.length,
    } satisfies Partial<TrackerStatus>);
    this.trackers.splice(this.trackers.indexOf(tracker), 1);
    this.trackers.unshift(tracker);
    if (this.stopped) return;
    this.failures = 0;
    const seconds = Math.min(
      MAX_INTERVAL_SECONDS,
      Math.max(reply.intervalSeconds, reply.minIntervalSeconds ?? 0, this.settings.floorSeconds),
    );
    this.scheduleAt(now + seconds * 1000);
    if (reply.peers.length > 0) this.settings.member.onPeers(reply.peers, tracker.status.url);
  }

  private failed(tracker: Tracker, error: unknown, at: number): void {
    Object.assign(tracker.status, {
      state: 'error',
      lastAnnounceAt: at,
      lastError: error instanceof Error ? error.message : String(error),
    } satisfies Partial<TrackerStatus>);
  }

  /** The least time between two announces: the tracker's `min interval`, but never under the floor. */
  private minGapMs(): number {
    return Math.max(this.trackers[0]?.minIntervalSeconds ?? 0, this.settings.floorSeconds) * 1000;
  }

  private scheduleAt(at: number): void {
    clearTimeout(this.timer);
    this.dueAt = at;
    this.trackers.forEach((t, i) => {
      if (i === 0) t.status.nextAnnounceAt = at;
      else delete t.status.nextAnnounceAt;
    });
    // Unref'd: a pending re-announce must never keep the process alive.
    this.timer = setTimeout(() => this.runNow(), Math.max(0, at - Date.now())).unref();
  }
}

/** Doubling from minMs up to maxMs, ±20 % so that torrents that failed together do not retry together. */
function retryDelayMs(failures: number, minMs: number, maxMs: number): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(failures - 1, 40));
  return Math.min(maxMs, Math.max(minMs, base * (0.8 + 0.4 * Math.random())));
}

/** Fisher–Yates: BEP 12 asks for each tier's order to be randomised once. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
