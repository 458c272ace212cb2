import type { Duplex } from 'node:stream';
import { Bitfield } from '../../protocol/bitfield.js';
import { toHex } from '../../protocol/hex.js';
import { BLOCK_SIZE, type PieceGeometry } from '../../protocol/pieces.js';
import type { ExtendedHandshake, WireMessage } from '../../protocol/wire/index.js';
import { PeerCloseReason, PeerConnection, type PeerHandler } from '../peer/peer-connection.js';
import type { BlockRequests } from './block-requests.js';
import { Choker } from './choker.js';
import type { TorrentLimits } from './context.js';
import { UT_METADATA, UT_METADATA_ID, type MetadataExchange } from './metadata-exchange.js';
import type { PiecePicker } from './piece-picker.js';
import { SmartBan } from './smart-ban.js';
import { TorrentPeer } from './torrent-peer.js';
import { MAX_QUEUED_REQUESTS, Uploader, type UploadSource } from './uploader.js';

/** The piece bookkeeping of a torrent whose metadata is known and whose storage is open. */
export interface PieceState {
  geometry: PieceGeometry;
  picker: PiecePicker;
  requests: BlockRequests;
  have: Bitfield;
  upload: UploadSource;
}

export interface SwarmHost {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly limits: TorrentLimits;
  pieces(): PieceState | undefined;
  /** Downloading allowed now (not paused, checking or failed). */
  downloading(): boolean;
  maxPeers(): number;
  /** A whole piece is in: the torrent verifies and stores it. */
  pieceAssembled(index: number, data: Uint8Array): void;
  downloaded(bytes: number): void;
  peersChanged(): void;
  now(): number;
}

const MIN_PIPELINE = 16;
const MAX_PIPELINE = 256;
/** Requests in flight cover this much of a peer's rate: enough to keep a fast channel busy. */
const PIPELINE_SECONDS = 0.5;
/** A pipeline is topped up once this fraction of it (1 / n) has come in. */
const REFILL_FRACTION = 4;
const REQUEST_TIMEOUT_MS = 20_000;
const CHOKE_INTERVAL_MS = 10_000;
const MAX_UNEXPECTED_BLOCKS = 16;
/** Regular upload slots; the choker adds one optimistic unchoke. */
const UPLOAD_SLOTS = 4;

/**
 * The connected peers of one torrent and what is said with them: availability and interest,
 * request pipelines sized to each peer's rate, blocks in and out, choking, strikes and bans.
 */
export class Swarm implements PeerHandler {
  readonly metadata: MetadataExchange;
  private readonly handshaking = new Set<PeerConnection>();
  private readonly peers = new Map<PeerConnection, TorrentPeer>();
  private readonly byKey = new Map<string, TorrentPeer>();
  private readonly banned = new Set<string>();
  private readonly smartBan = new SmartBan();
  private readonly choker = new Choker({ slots: UPLOAD_SLOTS });
  private readonly uploader: Uploader;
  private lastChoke = 0;
  private seq = 0;
  private refill: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: SwarmHost,
    metadata: MetadataExchange,
  ) {
    this.metadata = metadata;
    this.uploader = new Uploader(() => host.pieces()?.upload);
  }

  get size(): number {
    return this.peers.size + this.handshaking.size;
  }

  list(): TorrentPeer[] {
    return [...this.peers.values()];
  }

  seeds(): number {
    let n = 0;
    for (const p of this.peers.values()) if (p.hasAll) n++;
    return n;
  }

  bannedCount(): number {
    return this.banned.size;
  }

  /** A connected stream from discovery; refused when full or when the peer is banned. */
  addStream(stream: Duplex, remotePeerId?: Uint8Array): void {
    if (this.size >= this.host.maxPeers() || (remotePeerId && this.banned.has(toHex(remotePeerId)))) {
      stream.destroy();
      return;
    }
    const wire = new PeerConnection(
      stream,
      {
        infoHash: this.host.infoHash,
        peerId: this.host.peerId,
        extensions: { [UT_METADATA]: UT_METADATA_ID },
        ...(this.metadata.size === undefined ? {} : { metadataSize: this.metadata.size }),
        maxQueuedRequests: MAX_QUEUED_REQUESTS,
      },
      this,
    );
    if (!wire.isClosed) this.handshaking.add(wire);
  }

  onReady(wire: PeerConnection): void {
    this.handshaking.delete(wire);
    const peer = new TorrentPeer(wire, this.seq++);
    if (this.banned.has(peer.id)) return wire.destroy(new PeerCloseReason('banned', 'the peer is banned'));
    if (this.list().some((p) => p.id === peer.id)) {
      return wire.destroy(new PeerCloseReason('duplicate', 'already connected to this peer'));
    }
    this.peers.set(wire, peer);
    this.byKey.set(peer.key, peer);
    this.sendHave(peer);
    this.host.peersChanged();
  }

  onExtendedHandshake(wire: PeerConnection, _handshake: ExtendedHandshake): void {
    const peer = this.peers.get(wire);
    if (peer) this.metadata.peerReady(peer, this.host.now());
  }

  onMessage(wire: PeerConnection, m: WireMessage): void {
    const peer = this.peers.get(wire);
    if (!peer) return;
    const state = this.host.pieces();
    switch (m.type) {
      case 'bitfield':
      case 'have-all':
      case 'have-none':
        return this.onBitfield(peer, m.type === 'bitfield' ? m.bytes : m.type === 'have-all' ? 'all' : 'none');
      case 'have':
        return this.onHave(peer, m.index);
      case 'unchoke':
      case 'allowed-fast':
        if (m.type === 'allowed-fast') peer.allowedFast.add(m.index);
        return this.fill(peer);
      case 'choke':
        if (!peer.supportsFast) state?.requests.peerChoked(peer.key);
        return;
      case 'interested':
      case 'not-interested':
        return this.rechoke(true);
      case 'request':
        return this.uploader.request(peer, m);
      case 'cancel':
        return this.uploader.cancel(peer, m);
      case 'reject':
        state?.requests.rejected(peer.key, m);
        return this.fill(peer);
      case 'piece':
        return this.onBlock(peer, m);
      case 'extended':
        if (m.id === UT_METADATA_ID) this.metadata.onMessage(peer, m.payload, this.host.now());
        return;
      default:
        return;
    }
  }

  onDrain(wire: PeerConnection): void {
    const peer = this.peers.get(wire);
    if (peer) this.uploader.resume(peer);
  }

  onClose(wire: PeerConnection, _reason: PeerCloseReason): void {
    this.handshaking.delete(wire);
    const peer = this.peers.get(wire);
    if (!peer) return;
    this.peers.delete(wire);
    this.byKey.delete(peer.key);
    this.uploader.peerGone(peer);
    this.metadata.peerGone(peer);
    const state = this.host.pieces();
    if (state) {
      state.picker.peerGone(peer.key);
      state.requests.peerGone(peer.key);
    }
    this.host.peersChanged();
    this.rechoke(true);
    this.fillAll();
  }

  /** The metadata arrived and storage is open: apply what peers told us before, say what we have. */
  piecesReady(): void {
    for (const peer of this.peers.values()) {
      const pending = peer.pendingHave;
      peer.pendingHave = undefined;
      if (pending !== undefined) this.onBitfield(peer, pending);
      for (const index of peer.pendingHaves.splice(0)) this.onHave(peer, index);
      this.sendHaves(peer);
    }
    this.fillAll();
  }

  /** A verified piece: tell everyone, drop interest where nothing is left to want. */
  pieceVerified(index: number, data: Uint8Array): void {
    for (const id of this.smartBan.pieceVerified(index, data)) this.ban(id, `sent corrupt data for piece ${index}`);
    for (const peer of this.peers.values()) {
      peer.wire.send({ type: 'have', index });
      this.updateInterest(peer);
    }
    this.fillAll();
  }

  pieceFailed(index: number, data: Uint8Array): void {
    for (const id of this.smartBan.pieceFailed(index, data)) this.ban(id, `sent corrupt data for piece ${index}`);
    this.fillAll();
  }

  /** Once a second: timeouts, metadata, choking, pipelines. */
  tick(): void {
    const now = this.host.now();
    const state = this.host.pieces();
    // Timed-out blocks are released to the picker; fillAll() below asks other peers for them.
    state?.requests.timedOut(now, REQUEST_TIMEOUT_MS);
    this.metadata.tick(this.peers.values(), now);
    if (now - this.lastChoke >= CHOKE_INTERVAL_MS) this.rechoke(false);
    this.fillAll();
  }

  /** The download limit may have room again (or it changed). */
  fillAll(): void {
    for (const peer of this.peers.values()) this.fill(peer);
  }

  resumeUploads(): void {
    for (const peer of this.peers.values()) this.uploader.resume(peer);
  }

  /** Ends every connection (pause, stop, remove). */
  close(reason: string): void {
    clearTimeout(this.refill);
    this.uploader.stop();
    for (const wire of [...this.handshaking, ...this.peers.keys()]) wire.destroy(new PeerCloseReason('closed', reason));
  }

  private onBitfield(peer: TorrentPeer, has: Uint8Array | 'all' | 'none'): void {
    const state = this.host.pieces();
    if (!state) {
      peer.pendingHave = has;
      peer.hasAll = has === 'all';
      return;
    }
    if (has instanceof Uint8Array) {
      let bits: Bitfield;
      try {
        bits = new Bitfield(state.geometry.pieceCount, has);
      } catch (e) {
        return peer.wire.destroy(new PeerCloseReason('bad-bitfield', (e as Error).message));
      }
      peer.haveCount = bits.count();
      peer.hasAll = bits.isFull();
      state.picker.peerHas(peer.key, bits);
    } else {
      peer.hasAll = has === 'all';
      peer.haveCount = has === 'all' ? state.geometry.pieceCount : 0;
      state.picker.peerHas(peer.key, has);
    }
    this.updateInterest(peer);
    this.fill(peer);
  }

  private onHave(peer: TorrentPeer, index: number): void {
    const state = this.host.pieces();
    if (!state) {
      if (peer.pendingHaves.length < 100_000) peer.pendingHaves.push(index);
      return;
    }
    if (!Number.isInteger(index) || index < 0 || index >= state.geometry.pieceCount) {
      return peer.wire.destroy(
        new PeerCloseReason('bad-have', `have for piece ${index} of ${state.geometry.pieceCount}`),
      );
    }
    state.picker.peerHasPiece(peer.key, index);
    peer.haveCount = Math.min(state.geometry.pieceCount, peer.haveCount + 1);
    peer.hasAll = peer.haveCount === state.geometry.pieceCount;
    this.updateInterest(peer);
    this.fill(peer);
  }

  private onBlock(peer: TorrentPeer, m: Extract<WireMessage, { type: 'piece' }>): void {
    const state = this.host.pieces();
    if (!state) return;
    const block = { index: m.index, begin: m.begin, length: m.block.length };
    const now = this.host.now();
    const result = state.requests.received(peer.key, block, m.block, now);
    if (result.status === 'unexpected') {
      if (++peer.unexpectedBlocks > MAX_UNEXPECTED_BLOCKS) {
        peer.wire.destroy(new PeerCloseReason('unrequested-blocks', 'the peer sends blocks we did not ask for'));
      }
      return;
    }
    peer.lastBlockAt = now;
    if (result.status === 'stored') {
      this.host.downloaded(m.block.length);
      this.smartBan.blockStored(m.index, m.begin, peer.id);
      for (const key of result.cancels) this.byKey.get(key)?.wire.send({ type: 'cancel', ...block });
      if (result.piece) this.host.pieceAssembled(m.index, result.piece);
    }
    this.fill(peer);
  }

  private sendHave(peer: TorrentPeer): void {
    const state = this.host.pieces();
    if (!state) {
      if (peer.supportsFast) peer.wire.send({ type: 'have-none' });
      return;
    }
    const { have } = state;
    if (peer.supportsFast && have.isFull()) peer.wire.send({ type: 'have-all' });
    else if (peer.supportsFast && have.count() === 0) peer.wire.send({ type: 'have-none' });
    else if (have.count() > 0) peer.wire.send({ type: 'bitfield', bytes: have.toBytes() });
  }

  /** After metadata: peers heard have-none (or nothing) from us; tell them what the check found. */
  private sendHaves(peer: TorrentPeer): void {
    const state = this.host.pieces();
    if (!state) return;
    for (let i = 0; i < state.have.length; i++) if (state.have.get(i)) peer.wire.send({ type: 'have', index: i });
    this.updateInterest(peer);
  }

  private updateInterest(peer: TorrentPeer): void {
    const state = this.host.pieces();
    // Two seeds have nothing to say to each other; the slot is better spent on a leecher.
    if (state?.have.isFull() && peer.hasAll) {
      return peer.wire.destroy(new PeerCloseReason('both-seeds', 'both peers have every piece'));
    }
    const want = state !== undefined && this.host.downloading() && state.picker.interesting(peer.key);
    if (want && !peer.wire.amInterested) peer.wire.send({ type: 'interested' });
    else if (!want && peer.wire.amInterested) peer.wire.send({ type: 'not-interested' });
  }

  /** Tops the peer's request pipeline up to what its rate deserves, within the download limit. */
  private fill(peer: TorrentPeer): void {
    const state = this.host.pieces();
    if (!state || !this.host.downloading() || peer.wire.isClosed || !peer.wire.amInterested) return;
    if (peer.wire.peerChoking && peer.allowedFast.size === 0) return;
    const now = this.host.now();
    const depth = pipelineDepth(peer, now);
    const outstanding = state.requests.outstanding(peer.key);
    const room = depth - outstanding;
    // Requests leave in batches, not one per block received: each data-channel message costs both
    // ends far more than its 17 bytes, and a pipeline a quarter empty still keeps the channel busy.
    if (room <= 0 || (outstanding > 0 && room * REFILL_FRACTION < depth)) return;
    // Whole blocks only: granting a block for a few bytes of tokens let every arriving block
    // request the next at once, so that a limit held nothing back on a fast link.
    const chain = this.host.limits.downloadChain;
    const count = Math.min(room, Math.floor(chain.available(now) / BLOCK_SIZE));
    if (count <= 0) return this.refillLater(now);
    const fast = peer.wire.peerChoking ? peer.allowedFast : undefined;
    const blocks = state.requests.next(peer.key, count, now, fast);
    chain.take(blocks.length * BLOCK_SIZE, now);
    peer.wire.batch(() => {
      for (const b of blocks) peer.wire.send({ type: 'request', ...b });
    });
    if (blocks.length === 0) this.updateInterest(peer);
  }

  private refillLater(now: number): void {
    if (this.refill) return;
    const ms = Math.max(5, Math.ceil(this.host.limits.downloadChain.delayFor(BLOCK_SIZE, now)));
    this.refill = setTimeout(() => {
      this.refill = undefined;
      this.fillAll();
    }, ms).unref();
  }

  /**
   * Runs the choker and applies its choice: every CHOKE_INTERVAL_MS, and at once when interest
   * changes while an upload slot is free (a newcomer need not wait ten seconds for its first block).
   */
  private rechoke(onChange: boolean): void {
    const now = this.host.now();
    if (onChange) {
      const unchoked = this.list().filter((p) => !p.wire.amChoking && p.wire.peerInterested).length;
      const waiting = this.list().some((p) => p.wire.amChoking && p.wire.peerInterested);
      if (!waiting || unchoked >= UPLOAD_SLOTS + 1) return;
    }
    this.lastChoke = now;
    const seeding = this.host.pieces()?.have.isFull() ?? false;
    const unchoked = this.choker.decide(
      this.list().map((p) => ({
        key: p.key,
        interested: p.wire.peerInterested,
        downloadRate: p.wire.downloadRate.rate(now),
        uploadRate: p.wire.uploadRate.rate(now),
        connectedAt: p.wire.connectedAt,
      })),
      seeding,
      now,
    );
    for (const peer of this.peers.values()) {
      const unchoke = unchoked.has(peer.key);
      if (unchoke && peer.wire.amChoking) {
        peer.wire.send({ type: 'unchoke' });
        this.uploader.resume(peer);
      } else if (!unchoke && !peer.wire.amChoking) {
        peer.wire.send({ type: 'choke' });
        this.uploader.choked(peer);
      }
    }
  }

  private ban(id: string, why: string): void {
    this.banned.add(id);
    for (const peer of this.peers.values()) {
      if (peer.id === id) peer.wire.destroy(new PeerCloseReason('banned', why));
    }
  }
}

function pipelineDepth(peer: TorrentPeer, now: number): number {
  const byRate = Math.ceil((peer.wire.downloadRate.rate(now) * PIPELINE_SECONDS) / BLOCK_SIZE);
  const cap = Math.min(MAX_PIPELINE, peer.wire.remoteExtensions?.reqq ?? MAX_PIPELINE);
  return Math.max(Math.min(MIN_PIPELINE, cap), Math.min(byRate, cap));
}
