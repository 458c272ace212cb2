import { BLOCK_SIZE, type PieceGeometry } from '../../protocol/pieces.js';
import { ActivePiece } from './active-piece.js';
import type { PeerKey, PiecePicker } from './piece-picker.js';
import { ScheduleError } from './schedule-error.js';

export interface BlockRef {
  index: number;
  begin: number;
  length: number;
}

export type Received =
  { status: 'unexpected' } | { status: 'duplicate' } | { status: 'stored'; cancels: PeerKey[]; piece?: Uint8Array };

interface PeerRequests {
  /** Block key → when it was asked, oldest first. */
  inFlight: Map<number, number>;
  /**
   * Requests we stopped counting on (timed out, cancelled, their piece done), newest last: their
   * blocks may still come, and are stored if still missing, else taken as duplicates.
   */
  stale: Set<number>;
  /** A peer that delivers is working through its queue: its requests age from its last block. */
  lastBlockAt: number;
}

/**
 * Pieces being downloaded at once: at least this many, two per known peer, and as many as fill
 * ASSEMBLY_BYTES, so that a fast peer's pipeline is never capped by the piece size (a 250-request
 * pipeline spans sixteen 256 KiB pieces). Pieces assembled and waiting for their hash and write
 * count apart, up to as many again: that is the back-pressure from a slow disk.
 */
const MIN_ACTIVE_PIECES = 8;
const ACTIVE_PIECES_PER_PEER = 2;
const ASSEMBLY_BYTES = 16 * 1024 * 1024;
const MAX_ASKED_PER_BLOCK = 2;
/** Stale requests remembered per peer; blocks for older ones count as unexpected. */
const MAX_STALE = 1024;

/**
 * Which blocks are asked of whom: a torrent's pieces in flight. Blocks of pieces already started
 * go first (oldest piece first), then a new piece from the picker. Endgame: once every missing
 * block of every wanted piece is asked of someone, a block may be asked of a second peer; the first
 * to arrive wins and the other gets a cancel. Each piece's bytes are assembled here, so the caller
 * hashes and writes whole pieces; at most maxActivePieces pieces are downloading (and hold a buffer).
 */
export class BlockRequests {
  private readonly active = new Map<number, ActivePiece>();
  private readonly peers = new Map<PeerKey, PeerRequests>();
  private readonly maxActivePieces: number | undefined;
  /** Block keys are index * stride + block, stride being the block count of a full piece. */
  private readonly stride: number;

  constructor(
    private readonly geometry: PieceGeometry,
    private readonly picker: PiecePicker,
    options: { maxActivePieces?: number } = {},
  ) {
    const max = options.maxActivePieces;
    if (max !== undefined && (!Number.isSafeInteger(max) || max < 1)) {
      throw new ScheduleError('bad-option', `maxActivePieces ${max} is not a positive integer`);
    }
    if (picker.pieceCount !== geometry.pieceCount) {
      throw new ScheduleError('bad-option', `picker of ${picker.pieceCount} pieces for ${geometry.pieceCount}`);
    }
    this.maxActivePieces = max;
    this.stride = geometry.pieceCount > 0 ? geometry.blockCount(0) : 1;
  }

  /**
   * Up to `count` blocks to ask `peer` for now (its pipeline has room for count). With
   * `allowedFast` (the peer chokes us) only blocks of those pieces.
   */
  next(peer: PeerKey, count: number, now: number, allowedFast?: ReadonlySet<number>): BlockRef[] {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new ScheduleError('bad-option', `block count ${count} is not a non-negative integer`);
    }
    const out: BlockRef[] = [];
    const may = (index: number) =>
      (allowedFast === undefined || allowedFast.has(index)) && this.picker.hasPiece(peer, index);
    for (const piece of this.active.values()) {
      if (out.length >= count) return out;
      if (piece.unrequested > 0 && may(piece.index)) this.askFresh(piece, peer, count, now, out);
    }
    const limit = this.activeLimit();
    let downloading = 0;
    for (const piece of this.active.values()) if (!piece.isComplete()) downloading++;
    while (out.length < count && downloading < limit && this.active.size < 2 * limit) {
      const index = this.picker.pick(peer, allowedFast);
      if (index < 0) break;
      this.picker.claim(index);
      const piece = new ActivePiece(index, this.geometry.pieceSize(index));
      this.active.set(index, piece);
      downloading++;
      this.askFresh(piece, peer, count, now, out);
    }
    if (out.length < count && this.inEndgame()) this.askDuplicates(peer, count, now, out, may);
    return out;
  }

  /**
   * A block arrived. Blocks never asked of this peer are 'unexpected'; one asked but no longer
   * needed (in from another peer, its piece done) is a 'duplicate'. When stored, `cancels` names
   * the peers that also have it in flight (their requests are released here), and `piece` is the
   * whole piece when this block completed it: the caller verifies it, then calls pieceVerified or
   * pieceFailed.
   */
  received(peer: PeerKey, block: BlockRef, data: Uint8Array, now: number): Received {
    const state = this.peers.get(peer);
    const key = this.keyOf(block);
    if (state === undefined || key === undefined || data.length !== block.length) return { status: 'unexpected' };
    if (!state.inFlight.has(key) && !state.stale.has(key)) return { status: 'unexpected' };
    state.lastBlockAt = now;
    state.stale.delete(key);
    const piece = this.active.get(block.index);
    const b = block.begin / BLOCK_SIZE;
    if (piece !== undefined) this.forget(peer, piece, b);
    if (piece === undefined || piece.has(b)) return { status: 'duplicate' };
    const cancels = [...piece.askedOfPeers(b)];
    for (const other of cancels) {
      this.forget(other, piece, b);
      this.markStale(other, key);
    }
    piece.store(b, data, peer);
    if (!piece.isComplete()) return { status: 'stored', cancels };
    return { status: 'stored', cancels, piece: piece.takeBuffer() };
  }

  /** The peer refused the request (BEP 6 reject): the block goes to whoever asks next. */
  rejected(peer: PeerKey, block: BlockRef): void {
    const key = this.keyOf(block);
    if (key === undefined) return;
    this.peers.get(peer)?.stale.delete(key);
    const piece = this.active.get(block.index);
    if (piece !== undefined && this.forget(peer, piece, block.begin / BLOCK_SIZE)) this.releaseIfIdle(piece);
  }

  /** The peer choked us without the fast extension: it dropped our requests, so do we. */
  peerChoked(peer: PeerKey): void {
    this.dropAll(peer);
  }

  /** Releases the peer's requests; the caller tells the picker too (picker.peerGone). */
  peerGone(peer: PeerKey): void {
    this.dropAll(peer);
    this.peers.delete(peer);
  }

  /**
   * Requests older than timeoutMs, counted from when they were asked or from the peer's last block
   * if later (a peer that delivers is only slow): returned and released so they go to other peers.
   * A block that still arrives from the slow peer is taken if it is still missing.
   */
  timedOut(now: number, timeoutMs: number): { peer: PeerKey; block: BlockRef }[] {
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new ScheduleError('bad-option', `request timeout ${timeoutMs} ms is not a positive number`);
    }
    const expired: { peer: PeerKey; key: number }[] = [];
    for (const [peer, state] of this.peers) {
      if (now - state.lastBlockAt <= timeoutMs) continue;
      for (const [key, at] of state.inFlight) {
        if (now - at <= timeoutMs) break;
        expired.push({ peer, key });
      }
    }
    const out: { peer: PeerKey; block: BlockRef }[] = [];
    const touched = new Set<ActivePiece>();
    for (const { peer, key } of expired) {
      const piece = this.active.get(Math.floor(key / this.stride))!;
      const b = key % this.stride;
      this.forget(peer, piece, b);
      this.markStale(peer, key);
      out.push({ peer, block: this.ref(piece, b) });
      touched.add(piece);
    }
    for (const piece of touched) this.releaseIfIdle(piece);
    return out;
  }

  /** The piece failed its hash: who sent blocks of it (for strikes); it goes back to the picker. */
  pieceFailed(index: number): PeerKey[] {
    const piece = this.active.get(index);
    if (piece === undefined) return [];
    this.deactivate(piece);
    this.picker.release(index);
    return [...piece.contributors];
  }

  /** The piece passed and is stored: it leaves the pieces in flight and is marked had in the picker. */
  pieceVerified(index: number): void {
    const piece = this.active.get(index);
    if (piece !== undefined) this.deactivate(piece);
    this.picker.markHave(index);
    this.picker.release(index);
  }

  outstanding(peer: PeerKey): number {
    return this.peers.get(peer)?.inFlight.size ?? 0;
  }

  /** Every wanted piece is in flight and every missing block of them is asked of someone. */
  inEndgame(): boolean {
    if (this.active.size === 0 || this.picker.unclaimed() > 0) return false;
    for (const piece of this.active.values()) if (piece.unrequested > 0) return false;
    return true;
  }

  private activeLimit(): number {
    if (this.maxActivePieces !== undefined) return this.maxActivePieces;
    const bySize = Math.floor(ASSEMBLY_BYTES / (this.stride * BLOCK_SIZE));
    return Math.max(MIN_ACTIVE_PIECES, ACTIVE_PIECES_PER_PEER * this.picker.peerCount(), bySize);
  }

  private askFresh(piece: ActivePiece, peer: PeerKey, count: number, now: number, out: BlockRef[]): void {
    while (out.length < count) {
      const b = piece.nextUnrequested();
      if (b < 0) return;
      out.push(this.ask(piece, b, peer, now));
    }
  }

  private askDuplicates(
    peer: PeerKey,
    count: number,
    now: number,
    out: BlockRef[],
    may: (index: number) => boolean,
  ): void {
    for (const piece of this.active.values()) {
      if (piece.isComplete() || !may(piece.index)) continue;
      for (let b = 0; b < piece.blockCount && out.length < count; b++) {
        const askedOf = piece.askedOfPeers(b);
        if (piece.has(b) || askedOf.length >= MAX_ASKED_PER_BLOCK || askedOf.includes(peer)) continue;
        out.push(this.ask(piece, b, peer, now));
      }
      if (out.length >= count) return;
    }
  }

  private ask(piece: ActivePiece, b: number, peer: PeerKey, now: number): BlockRef {
    let state = this.peers.get(peer);
    if (state === undefined) {
      state = { inFlight: new Map(), stale: new Set(), lastBlockAt: -Infinity };
      this.peers.set(peer, state);
    }
    const key = piece.index * this.stride + b;
    state.stale.delete(key);
    state.inFlight.delete(key);
    state.inFlight.set(key, now);
    piece.ask(b, peer);
    return this.ref(piece, b);
  }

  /** Drops the peer's request for the block; returns whether it had one. */
  private forget(peer: PeerKey, piece: ActivePiece, b: number): boolean {
    if (!piece.unask(b, peer)) return false;
    this.peers.get(peer)?.inFlight.delete(piece.index * this.stride + b);
    return true;
  }

  private dropAll(peer: PeerKey): void {
    const state = this.peers.get(peer);
    if (state === undefined) return;
    const touched = new Set<ActivePiece>();
    for (const key of [...state.inFlight.keys()]) {
      const piece = this.active.get(Math.floor(key / this.stride))!;
      this.forget(peer, piece, key % this.stride);
      touched.add(piece);
    }
    for (const piece of touched) this.releaseIfIdle(piece);
  }

  private releaseIfIdle(piece: ActivePiece): void {
    if (!piece.isIdle()) return;
    this.deactivate(piece);
    this.picker.release(piece.index);
  }

  /** Forgets the piece; requests still in flight for it become stale. */
  private deactivate(piece: ActivePiece): void {
    this.active.delete(piece.index);
    for (const { block, peer } of piece.requests()) {
      const key = piece.index * this.stride + block;
      this.peers.get(peer)?.inFlight.delete(key);
      this.markStale(peer, key);
    }
  }

  private markStale(peer: PeerKey, key: number): void {
    const stale = this.peers.get(peer)?.stale;
    if (stale === undefined) return;
    stale.add(key);
    if (stale.size > MAX_STALE) stale.delete(stale.values().next().value!);
  }

  /** The key of the block a wire (index, begin, length) names, if it is one of the torrent's blocks. */
  private keyOf(block: BlockRef): number | undefined {
    const { index, begin, length } = block;
    if (!Number.isInteger(index) || index < 0 || index >= this.geometry.pieceCount) return undefined;
    const b = begin / BLOCK_SIZE;
    if (!Number.isInteger(b) || b < 0 || b >= this.geometry.blockCount(index)) return undefined;
    return length === this.geometry.block(index, b).length ? index * this.stride + b : undefined;
  }

  private ref(piece: ActivePiece, b: number): BlockRef {
    return { index: piece.index, begin: b * BLOCK_SIZE, length: piece.blockLength(b) };
  }
}
