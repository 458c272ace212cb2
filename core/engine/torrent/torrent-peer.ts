import { toHex } from '../../protocol/hex.js';
import type { BlockRef } from './block-requests.js';
import type { PeerConnection } from '../peer/peer-connection.js';

/** A request the peer made of us, waiting to be served. */
export interface QueuedRequest extends BlockRef {
  queuedAt: number;
}

/**
 * What a torrent keeps about one connected peer beyond the wire flags: its key, what it has
 * (before metadata, the raw bitfield waits here), the requests it queued with us, its strikes.
 */
export class TorrentPeer {
  readonly key: string;
  /** Peer id hex, for bans and for the peer list. */
  readonly id: string;
  /** Wire-form bitfield or have-all/none received before the metadata, applied once it arrives. */
  pendingHave: Uint8Array | 'all' | 'none' | undefined;
  readonly pendingHaves: number[] = [];
  haveCount = 0;
  hasAll = false;
  readonly uploads: QueuedRequest[] = [];
  serving = false;
  allowedFast = new Set<number>();
  unexpectedBlocks = 0;
  strikes = 0;
  /** When we last got a block from it, for snubbing. */
  lastBlockAt = 0;

  constructor(
    readonly wire: PeerConnection,
    seq: number,
  ) {
    this.id = toHex(wire.remotePeerId ?? new Uint8Array(20));
    this.key = `${seq}:${this.id}`;
  }

  get supportsFast(): boolean {
    return this.wire.remote?.capabilities.fast === true;
  }
}
