import type { ApiErrorInfo, TorrentProgress, TorrentState, TorrentSummary } from '../../../core/api/index.js';

/** Runs `flush` once, soon: requestAnimationFrame in the page, so many events cost one render. */
export type Schedule = (flush: () => void) => void;

export interface StoreSnapshot {
  /** In the order the library has them (added order); views sort. */
  readonly torrents: readonly TorrentSummary[];
  /** False until the first list arrived: "loading", not "empty". */
  readonly loaded: boolean;
}

/** The summary's ratio rule (core/api torrents.ts): per byte downloaded, or per byte held when seeding what was never downloaded here. */
export function ratioOf(uploaded: number, downloaded: number, length: number): number {
  if (downloaded > 0) return uploaded / downloaded;
  return length > 0 ? uploaded / length : 0;
}

/**
 * The torrent list as the views see it, kept live from events. Changes land in a map at once and
 * reach subscribers at most once per scheduled flush; a torrent that did not change keeps its
 * object, so memoised rows skip it.
 */
export class TorrentStore {
  private readonly byHash = new Map<string, TorrentSummary>();
  private readonly listeners = new Set<() => void>();
  private snapshot: StoreSnapshot = { torrents: [], loaded: false };
  private loaded = false;
  private pending = false;

  constructor(private readonly schedule: Schedule) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): StoreSnapshot => this.snapshot;

  get(infoHash: string): TorrentSummary | undefined {
    return this.byHash.get(infoHash);
  }

  /** The whole list from listTorrents (at start and after a reconnect, when events may have been missed). */
  reset(list: readonly TorrentSummary[]): void {
    const before = new Map(this.byHash);
    this.byHash.clear();
    for (const t of list) {
      const old = before.get(t.infoHash);
      this.byHash.set(t.infoHash, old && sameSummary(old, t) ? old : t);
    }
    this.loaded = true;
    this.changed();
  }

  upsert(summary: TorrentSummary): void {
    this.byHash.set(summary.infoHash, summary);
    this.changed();
  }

  remove(infoHash: string): void {
    if (this.byHash.delete(infoHash)) this.changed();
  }

  /** Applies a 'torrent:progress' batch; answers the infohashes it did not know (the list is stale). */
  applyProgress(entries: readonly TorrentProgress[]): string[] {
    const unknown: string[] = [];
    for (const entry of entries) {
      const old = this.byHash.get(entry.infoHash);
      if (!old) {
        unknown.push(entry.infoHash);
        continue;
      }
      const { files: _files, ...numbers } = entry;
      const next = { ...old, ...numbers, ratio: ratioOf(entry.uploaded, entry.downloaded, old.length) };
      if (entry.state !== 'error') delete next.error;
      this.byHash.set(entry.infoHash, next);
    }
    if (entries.length > unknown.length) this.changed();
    return unknown;
  }

  /** Answers the state before, or undefined for a torrent it does not know. */
  setState(infoHash: string, state: TorrentState): TorrentState | undefined {
    const old = this.byHash.get(infoHash);
    if (!old) return undefined;
    if (old.state !== state) {
      // Seeding means every selected byte is there: no need to wait a second for the numbers to say so.
      const next = state === 'seeding' ? { ...old, state, progress: 1, eta: null } : { ...old, state };
      if (state !== 'error') delete next.error;
      this.byHash.set(infoHash, next);
      this.changed();
    }
    return old.state;
  }

  setError(infoHash: string, error: ApiErrorInfo): void {
    const old = this.byHash.get(infoHash);
    if (!old) return;
    this.byHash.set(infoHash, { ...old, state: 'error', error });
    this.changed();
  }

  markDone(infoHash: string, at: number): void {
    const old = this.byHash.get(infoHash);
    if (!old) return;
    this.byHash.set(infoHash, { ...old, progress: 1, eta: null, completedAt: old.completedAt ?? at });
    this.changed();
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.pending = false;
    this.snapshot = { torrents: [...this.byHash.values()], loaded: this.loaded };
    for (const listener of this.listeners) listener();
  }
}

function sameSummary(a: TorrentSummary, b: TorrentSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
