import { BLOCK_SIZE, type PieceGeometry } from '../../protocol/pieces.js';
import type { Bitfield } from '../../protocol/bitfield.js';
import { PeerCloseReason } from '../peer/peer-connection.js';
import type { LimiterChain } from '../session/rate-limiter.js';
import type { BlockRef } from './block-requests.js';
import type { TorrentPeer } from './torrent-peer.js';

/** Most requests one peer may queue with us (sent to it as `reqq`); more are refused. */
export const MAX_QUEUED_REQUESTS = 250;

export interface UploadSource {
  geometry: PieceGeometry;
  have: Bitfield;
  readBlock(index: number, begin: number, length: number): Promise<Uint8Array>;
  chain: LimiterChain;
  now(): number;
  uploaded(bytes: number): void;
  /** A read failed: the torrent decides (error state); the request is dropped. */
  readFailed(error: unknown): void;
}

/**
 * Serves the blocks peers ask of us: every request checked against the torrent (a piece we have, a
 * range inside it, at most one block), queued up to MAX_QUEUED_REQUESTS, sent while the peer is
 * unchoked, its data channel has room and the upload limits allow.
 */
export class Uploader {
  private readonly wakeups = new Map<TorrentPeer, NodeJS.Timeout>();

  constructor(private readonly source: () => UploadSource | undefined) {}

  /** A `request` message; bad ones end the connection, ones we cannot serve are rejected (BEP 6). */
  request(peer: TorrentPeer, block: BlockRef): void {
    const source = this.source();
    if (!source || !validRange(source.geometry, block)) {
      return peer.wire.destroy(
        new PeerCloseReason(
          'bad-request',
          `request for ${block.length} bytes at ${block.begin} of piece ${block.index}`,
        ),
      );
    }
    const servable = source.have.get(block.index) && !peer.wire.amChoking;
    if (!servable || peer.uploads.length >= MAX_QUEUED_REQUESTS) return this.refuse(peer, block);
    peer.uploads.push({ ...block, queuedAt: source.now() });
    void this.serve(peer);
  }

  cancel(peer: TorrentPeer, block: BlockRef): void {
    const i = peer.uploads.findIndex((r) => sameBlock(r, block));
    if (i >= 0) peer.uploads.splice(i, 1);
  }

  /** We choked the peer: its queue is dropped (rejected, for peers that speak BEP 6). */
  choked(peer: TorrentPeer): void {
    for (const r of peer.uploads.splice(0)) this.refuse(peer, r);
  }

  peerGone(peer: TorrentPeer): void {
    peer.uploads.length = 0;
    clearTimeout(this.wakeups.get(peer));
    this.wakeups.delete(peer);
  }

  /** Resumes a peer's queue (its channel drained, or limits changed). */
  resume(peer: TorrentPeer): void {
    void this.serve(peer);
  }

  stop(): void {
    for (const t of this.wakeups.values()) clearTimeout(t);
    this.wakeups.clear();
  }

  private async serve(peer: TorrentPeer): Promise<void> {
    if (peer.serving) return;
    peer.serving = true;
    try {
      while (peer.uploads.length > 0 && peer.wire.canWrite && !peer.wire.amChoking) {
        const source = this.source();
        if (!source) return;
        const next = peer.uploads[0]!;
        const now = source.now();
        const wait = source.chain.delayFor(next.length, now);
        if (wait > 0) return this.wakeLater(peer, wait);
        source.chain.take(next.length, now);
        peer.uploads.shift();
        let data: Uint8Array;
        try {
          data = await source.readBlock(next.index, next.begin, next.length);
        } catch (e) {
          source.readFailed(e);
          return;
        }
        if (peer.wire.isClosed || peer.wire.amChoking) return;
        peer.wire.sendPiece(next.index, next.begin, data);
        source.uploaded(data.length);
      }
    } finally {
      peer.serving = false;
    }
  }

  private wakeLater(peer: TorrentPeer, ms: number): void {
    if (this.wakeups.has(peer)) return;
    this.wakeups.set(
      peer,
      setTimeout(
        () => {
          this.wakeups.delete(peer);
          void this.serve(peer);
        },
        Math.max(5, Math.ceil(ms)),
      ).unref(),
    );
  }

  private refuse(peer: TorrentPeer, block: BlockRef): void {
    if (peer.supportsFast) peer.wire.send({ type: 'reject', ...block });
  }
}

function validRange(geometry: PieceGeometry, b: BlockRef): boolean {
  if (!Number.isInteger(b.index) || b.index < 0 || b.index >= geometry.pieceCount) return false;
  const size = geometry.pieceSize(b.index);
  return b.length > 0 && b.length <= BLOCK_SIZE && b.begin >= 0 && b.begin + b.length <= size;
}

function sameBlock(a: BlockRef, b: BlockRef): boolean {
  return a.index === b.index && a.begin === b.begin && a.length === b.length;
}
