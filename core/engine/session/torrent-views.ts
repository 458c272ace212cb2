import type { PeerInfo, TorrentDetails, TorrentProgress, TorrentSummary, TrackerInfo } from '../../api/index.js';
import { magnetFromMetainfo } from '../../protocol/magnet.js';
import { clientFromPeerId } from '../peer/peer-id.js';
import type { Torrent } from '../torrent/torrent.js';

/** What the library knows of a torrent that the torrent object does not keep. */
export interface TorrentRecord {
  addedAt: number;
  savePath: string;
}

/** A torrent as listTorrents and 'torrent:added' show it. */
export function summaryOf(torrent: Torrent, record: TorrentRecord, now: number): TorrentSummary {
  const n = torrent.status.numbers(now);
  return {
    infoHash: torrent.params.infoHash,
    name: torrent.name,
    state: torrent.state,
    progress: clamp01(n.progress),
    length: n.length,
    totalLength: n.totalLength,
    downloaded: n.downloaded,
    uploaded: n.uploaded,
    ratio: n.ratio,
    downloadSpeed: n.downloadSpeed,
    uploadSpeed: n.uploadSpeed,
    peers: n.peers,
    seeds: n.seeds,
    eta: torrent.state === 'downloading' ? n.eta : null,
    savePath: record.savePath,
    addedAt: record.addedAt,
    ...(torrent.status.completedAt === undefined ? {} : { completedAt: torrent.status.completedAt }),
    ...(torrent.error ? { error: { code: torrent.error.code, message: torrent.error.message } } : {}),
    sequential: torrent.sequential,
    limits: { ...torrent.limitSettings },
  };
}

/** The changing numbers of a 'torrent:progress' batch entry. */
export function progressOf(summary: TorrentSummary, files?: number[]): TorrentProgress {
  return {
    infoHash: summary.infoHash,
    state: summary.state,
    progress: summary.progress,
    downloaded: summary.downloaded,
    uploaded: summary.uploaded,
    downloadSpeed: summary.downloadSpeed,
    uploadSpeed: summary.uploadSpeed,
    peers: summary.peers,
    seeds: summary.seeds,
    eta: summary.eta,
    ...(files ? { files } : {}),
  };
}

/** Per-file progress, 0..1 by file index. */
export function fileFractions(torrent: Torrent): number[] {
  const files = torrent.metainfo?.info.files ?? [];
  const done = torrent.status.fileProgress();
  return files.map((f, i) =>
    f.length === 0 ? (torrent.state === 'seeding' ? 1 : 0) : clamp01((done[i] ?? 0) / f.length),
  );
}

export function detailsOf(torrent: Torrent, record: TorrentRecord, now: number): TorrentDetails {
  const metainfo = torrent.metainfo;
  const state = torrent.pieces();
  const fractions = fileFractions(torrent);
  const pieceCount = metainfo?.info.pieceCount ?? 0;
  return {
    ...summaryOf(torrent, record, now),
    ...(torrent.lastCheck ? { lastCheck: { ...torrent.lastCheck } } : {}),
    bannedPeers: torrent.swarm.bannedCount(),
    files: (metainfo?.info.files ?? []).map((f, index) => ({
      index,
      path: f.path.join('/'),
      length: f.length,
      progress: fractions[index] ?? 0,
      priority: torrent.priorities[index] ?? 'normal',
    })),
    peers: torrent.swarm.list().map((p): PeerInfo => ({
      id: p.id,
      client: clientFromPeerId(p.wire.remotePeerId ?? new Uint8Array(20), p.wire.remoteExtensions?.v),
      transport: 'webrtc',
      downloadSpeed: Math.round(p.wire.downloadRate.rate(now)),
      uploadSpeed: Math.round(p.wire.uploadRate.rate(now)),
      progress: pieceCount === 0 ? 0 : clamp01(p.haveCount / pieceCount),
      flags: {
        amChoking: p.wire.amChoking,
        amInterested: p.wire.amInterested,
        peerChoking: p.wire.peerChoking,
        peerInterested: p.wire.peerInterested,
      },
    })),
    trackers: torrent.trackers().map((t): TrackerInfo => ({
      url: t.url,
      tier: t.tier,
      state: t.state === 'stopped' ? 'idle' : t.state,
      ...(t.lastAnnounceAt === undefined ? {} : { lastAnnounceAt: t.lastAnnounceAt }),
      ...(t.nextAnnounceAt === undefined ? {} : { nextAnnounceAt: t.nextAnnounceAt }),
      ...(t.lastError === undefined ? {} : { lastError: t.lastError }),
      ...(t.complete === undefined ? {} : { complete: t.complete }),
      ...(t.incomplete === undefined ? {} : { incomplete: t.incomplete }),
    })),
    pieces: {
      count: pieceCount,
      length: metainfo?.info.pieceLength ?? 0,
      have: Buffer.from(state?.have.toBytes() ?? new Uint8Array(Math.ceil(pieceCount / 8))).toString('base64'),
    },
    magnet: metainfo ? magnetFromMetainfo(metainfo) : `magnet:?xt=urn:btih:${torrent.params.infoHash}`,
    ...(metainfo?.comment === undefined ? {} : { comment: metainfo.comment }),
    ...(metainfo?.createdBy === undefined ? {} : { createdBy: metainfo.createdBy }),
    ...(metainfo?.creationDate === undefined ? {} : { creationDate: metainfo.creationDate * 1000 }),
    private: metainfo?.info.private ?? false,
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
