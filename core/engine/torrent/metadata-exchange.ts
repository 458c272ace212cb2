import { decodeWithSpans } from '../../protocol/bencode.js';
import { metainfoFromInfoBytes, type Metainfo } from '../../protocol/metainfo.js';
import {
  decodeMetadataMessage,
  encodeMetadataMessage,
  MAX_METADATA_BYTES,
  METADATA_PIECE_BYTES,
  MetadataAssembler,
  metadataPieceCount,
  type MetadataMessage,
} from '../../protocol/wire/index.js';
import { PeerCloseReason } from '../peer/peer-connection.js';
import type { TorrentPeer } from './torrent-peer.js';

export const UT_METADATA = 'ut_metadata';
/** Our local id for ut_metadata in the extension handshake. */
export const UT_METADATA_ID = 2;
const REQUEST_TIMEOUT_MS = 15_000;

/** The raw `info` bytes of a torrent, exactly as they appear in its file (what BEP 9 hands out). */
export function infoBytesOf(metainfo: Metainfo): Uint8Array {
  const { spans } = decodeWithSpans(metainfo.raw);
  const [start, end] = spans.get('info')!;
  return metainfo.raw.subarray(start, end);
}

/**
 * BEP 9 both ways: serves our info dict to peers that ask, and, for a torrent added by magnet link,
 * fetches it piece by piece from peers that offer it, spreading pieces over them, re-asking on a
 * reject, a timeout or a lost peer. The result is checked against the infohash and validated by the
 * same parser as any .torrent; a peer whose data fails that is dropped and the fetch starts over.
 */
export class MetadataExchange {
  private info: Uint8Array | undefined;
  private assembler: MetadataAssembler | undefined;
  /** piece → who was asked and when. */
  private readonly asked = new Map<number, { peer: TorrentPeer; at: number }>();
  private readonly contributors = new Set<TorrentPeer>();

  constructor(
    private readonly infoHash: Uint8Array,
    private readonly trackers: string[][],
    private readonly onMetainfo: (metainfo: Metainfo) => void,
    metainfo?: Metainfo,
  ) {
    if (metainfo) this.info = infoBytesOf(metainfo);
  }

  get size(): number | undefined {
    return this.info?.length;
  }

  get complete(): boolean {
    return this.info !== undefined;
  }

  /** A peer finished its extension handshake: if we still need the metadata and it has it, ask. */
  peerReady(peer: TorrentPeer, now: number): void {
    if (this.info || peer.wire.remoteExtensionId(UT_METADATA) === undefined) return;
    const size = peer.wire.remoteExtensions?.metadataSize;
    if (size === undefined) return;
    if (size <= 0 || size > MAX_METADATA_BYTES) {
      return peer.wire.destroy(new PeerCloseReason('bad-metadata', `the peer offers metadata of ${size} bytes`));
    }
    this.assembler ??= new MetadataAssembler(size);
    this.requestMore(peer, now);
  }

  onMessage(peer: TorrentPeer, payload: Uint8Array, now: number): void {
    let message: MetadataMessage;
    try {
      message = decodeMetadataMessage(payload);
    } catch {
      // BEP 9: message types we do not know are ignored; a malformed one is treated alike.
      return;
    }
    if (message.type === 'request') return this.serve(peer, message.piece);
    const asked = this.asked.get(message.piece);
    if (asked?.peer !== peer) return;
    this.asked.delete(message.piece);
    if (message.type === 'reject') return this.requestMore(peer, now, message.piece);
    this.receive(peer, message, now);
  }

  peerGone(peer: TorrentPeer): void {
    for (const [piece, a] of this.asked) if (a.peer === peer) this.asked.delete(piece);
    this.contributors.delete(peer);
  }

  /** Re-asks pieces whose peer did not answer in time; `peers` are the connected ones. */
  tick(peers: Iterable<TorrentPeer>, now: number): void {
    if (this.info || !this.assembler) return;
    for (const [piece, a] of this.asked) if (now - a.at > REQUEST_TIMEOUT_MS) this.asked.delete(piece);
    for (const peer of peers) this.requestMore(peer, now);
  }

  private receive(peer: TorrentPeer, message: Extract<MetadataMessage, { type: 'data' }>, now: number): void {
    let whole: Uint8Array | undefined;
    try {
      whole = this.assembler?.add(message.piece, message.data, message.totalSize);
    } catch (e) {
      return peer.wire.destroy(new PeerCloseReason('bad-metadata', (e as Error).message));
    }
    this.contributors.add(peer);
    if (!whole) return this.requestMore(peer, now);
    let metainfo: Metainfo;
    try {
      metainfo = metainfoFromInfoBytes(whole, this.infoHash, { announce: this.trackers });
    } catch (e) {
      const reason = new PeerCloseReason('bad-metadata', `metadata refused: ${(e as Error).message}`);
      for (const p of this.contributors) p.wire.destroy(reason);
      this.contributors.clear();
      this.assembler = undefined;
      return;
    }
    this.info = whole;
    this.assembler = undefined;
    this.asked.clear();
    this.contributors.clear();
    this.onMetainfo(metainfo);
  }

  /** Asks `peer` for the next piece nobody is fetching (one piece in flight per peer). */
  private requestMore(peer: TorrentPeer, now: number, skip?: number): void {
    if (!this.assembler || peer.wire.isClosed || peer.wire.remoteExtensionId(UT_METADATA) === undefined) return;
    for (const a of this.asked.values()) if (a.peer === peer) return;
    const piece = this.assembler.missing().find((p) => p !== skip && !this.asked.has(p));
    if (piece === undefined) return;
    this.asked.set(piece, { peer, at: now });
    peer.wire.sendExtended(UT_METADATA, encodeMetadataMessage({ type: 'request', piece }));
  }

  private serve(peer: TorrentPeer, piece: number): void {
    const info = this.info;
    if (!info || !Number.isInteger(piece) || piece < 0 || piece >= metadataPieceCount(info.length)) {
      return peer.wire.sendExtended(UT_METADATA, encodeMetadataMessage({ type: 'reject', piece }));
    }
    const data = info.subarray(piece * METADATA_PIECE_BYTES, (piece + 1) * METADATA_PIECE_BYTES);
    peer.wire.sendExtended(UT_METADATA, encodeMetadataMessage({ type: 'data', piece, totalSize: info.length, data }));
  }
}
