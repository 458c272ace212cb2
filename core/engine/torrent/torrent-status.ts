import type { Torrent } from './torrent.js';
import { fileBytesDone, wantedProgress } from './file-priorities.js';

export interface TorrentNumbers {
  progress: number;
  /** Bytes of files not skipped. */
  length: number;
  totalLength: number;
  downloaded: number;
  uploaded: number;
  ratio: number;
  downloadSpeed: number;
  uploadSpeed: number;
  peers: number;
  seeds: number;
  eta: number | null;
}

/**
 * A torrent's counters and the figures shown to people: totals (kept across restarts), speeds
 * from the peers' meters, progress over the wanted bytes. Progress is cached until pieces or
 * priorities change, so an idle torrent costs nothing per tick.
 */
export class TorrentStatus {
  completedAt: number | undefined;
  private uploaded: number;
  private downloaded: number;
  private cached: { wanted: number; done: number; files: number[] } | undefined;

  constructor(
    private readonly torrent: Torrent,
    totals: { uploaded: number; downloaded: number },
  ) {
    this.uploaded = totals.uploaded;
    this.downloaded = totals.downloaded;
  }

  addUploaded(bytes: number): void {
    this.uploaded += bytes;
  }

  addDownloaded(bytes: number): void {
    this.downloaded += bytes;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  totals(): { uploaded: number; downloaded: number } {
    return { uploaded: this.uploaded, downloaded: this.downloaded };
  }

  /** What announces carry; `left` unknown until the metadata is. */
  announceStats(): { uploaded: number; downloaded: number; left: number | undefined } {
    const info = this.torrent.metainfo?.info;
    const have = this.torrent.pieces()?.have;
    let left: number | undefined;
    if (info) {
      const missing = info.pieceCount - (have?.count() ?? 0);
      left = Math.min(info.length, missing * info.pieceLength);
    }
    return { uploaded: this.uploaded, downloaded: this.downloaded, left };
  }

  /** Bytes done per file (zeros before the metadata or the check). */
  fileProgress(): number[] {
    return this.progressData().files;
  }

  numbers(now: number): TorrentNumbers {
    const { wanted, done } = this.progressData();
    let downloadSpeed = 0;
    let uploadSpeed = 0;
    const peers = this.torrent.swarm.list();
    for (const p of peers) {
      downloadSpeed += p.wire.downloadRate.rate(now);
      uploadSpeed += p.wire.uploadRate.rate(now);
    }
    const left = wanted - done;
    return {
      progress: wanted === 0 ? 0 : done / wanted,
      length: wanted,
      totalLength: this.torrent.metainfo?.info.length ?? 0,
      downloaded: this.downloaded,
      uploaded: this.uploaded,
      ratio: this.downloaded === 0 ? 0 : this.uploaded / this.downloaded,
      downloadSpeed: Math.round(downloadSpeed),
      uploadSpeed: Math.round(uploadSpeed),
      peers: peers.length,
      seeds: this.torrent.swarm.seeds(),
      eta: left === 0 ? 0 : downloadSpeed > 0 ? Math.ceil(left / downloadSpeed) : null,
    };
  }

  private progressData(): { wanted: number; done: number; files: number[] } {
    if (this.cached) return this.cached;
    const info = this.torrent.metainfo?.info;
    const state = this.torrent.pieces();
    if (!info || !state) return { wanted: info?.length ?? 0, done: 0, files: info?.files.map(() => 0) ?? [] };
    const files = fileBytesDone(info, state.geometry, state.have);
    const { wanted, done } = wantedProgress(info, files, this.torrent.priorities);
    this.cached = { wanted, done, files };
    return this.cached;
  }
}
