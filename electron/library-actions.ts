import type { ShoalApi } from '../core/api/index.js';

/** What "pause all" and "resume all" did: how many torrents changed, and why others did not. */
export interface BulkResult {
  changed: number;
  failures: string[];
}

/** Pauses every torrent that is not paused already (the tray's and the menu's "Pause all"). */
export async function pauseAll(api: Pick<ShoalApi, 'listTorrents' | 'pause'>): Promise<BulkResult> {
  const torrents = await api.listTorrents();
  return settle(torrents.filter((t) => t.state !== 'paused').map((t) => api.pause({ infoHash: t.infoHash })));
}

/** Resumes every paused or failed torrent. */
export async function resumeAll(api: Pick<ShoalApi, 'listTorrents' | 'resume'>): Promise<BulkResult> {
  const torrents = await api.listTorrents();
  return settle(
    torrents
      .filter((t) => t.state === 'paused' || t.state === 'error')
      .map((t) => api.resume({ infoHash: t.infoHash })),
  );
}

async function settle(calls: Promise<unknown>[]): Promise<BulkResult> {
  const results = await Promise.allSettled(calls);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  return { changed: results.length - failures.length, failures };
}
