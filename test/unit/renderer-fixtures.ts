import type { TorrentProgress, TorrentSummary } from '../../core/api/index.js';

/** A valid torrent summary (as listTorrents answers) with the given fields changed. */
export function summary(overrides: Partial<TorrentSummary> = {}): TorrentSummary {
  return {
    infoHash: 'a'.repeat(40),
    name: 'Example',
    state: 'downloading',
    progress: 0.5,
    length: 1000,
    totalLength: 1000,
    downloaded: 500,
    uploaded: 0,
    ratio: 0,
    downloadSpeed: 0,
    uploadSpeed: 0,
    peers: 0,
    seeds: 0,
    eta: null,
    savePath: '/downloads',
    addedAt: 1_700_000_000_000,
    sequential: false,
    limits: { download: null, upload: null },
    ...overrides,
  };
}

export function hash(n: number): string {
  return n.toString(16).padStart(40, '0');
}

export function progressOf(t: TorrentSummary, overrides: Partial<TorrentProgress> = {}): TorrentProgress {
  const { infoHash, state, progress, downloaded, uploaded, downloadSpeed, uploadSpeed, peers, seeds, eta } = t;
  return {
    infoHash,
    state,
    progress,
    downloaded,
    uploaded,
    downloadSpeed,
    uploadSpeed,
    peers,
    seeds,
    eta,
    ...overrides,
  };
}
