import { BLOCK_SIZE } from '../../protocol/pieces.js';
import type { PeerKey } from './piece-picker.js';
import { ScheduleError } from './schedule-error.js';

/**
 * One piece being downloaded: per block, whether it is in and who it is asked of (at most two, in
 * endgame), plus the piece's bytes, assembled in a buffer allocated when the first block arrives.
 */
export class ActivePiece {
  readonly blockCount: number;
  /** Blocks not in and asked of nobody. */
  unrequested: number;
  /** Requests in flight for this piece, over all blocks. */
  inFlight = 0;
  receivedCount = 0;
  /** Who sent blocks of it, for strikes when the piece fails its hash. */
  readonly contributors = new Set<PeerKey>();
  private buffer: Uint8Array | null = null;
  private readonly received: Uint8Array;
  private readonly askedOf: (PeerKey[] | undefined)[];
  /** No unrequested block lies below it. */
  private cursor = 0;

  constructor(
    readonly index: number,
    readonly size: number,
  ) {
    this.blockCount = Math.ceil(size / BLOCK_SIZE);
    this.unrequested = this.blockCount;
    this.received = new Uint8Array(this.blockCount);
    this.askedOf = new Array<PeerKey[] | undefined>(this.blockCount);
  }

  blockLength(block: number): number {
    return Math.min(BLOCK_SIZE, this.size - block * BLOCK_SIZE);
  }

  isComplete(): boolean {
    return this.receivedCount === this.blockCount;
  }

  /** Nothing in and nothing asked: the piece can go back to the picker. */
  isIdle(): boolean {
    return this.receivedCount === 0 && this.inFlight === 0;
  }

  has(block: number): boolean {
    return this.received[block] === 1;
  }

  /** The lowest block that is not in and asked of nobody, or -1. */
  nextUnrequested(): number {
    if (this.unrequested === 0) return -1;
    while (this.cursor < this.blockCount && (this.has(this.cursor) || this.askedOf[this.cursor] !== undefined)) {
      this.cursor++;
    }
    return this.cursor < this.blockCount ? this.cursor : -1;
  }

  askedOfPeers(block: number): readonly PeerKey[] {
    return this.askedOf[block] ?? [];
  }

  ask(block: number, peer: PeerKey): void {
    const list = this.askedOf[block];
    if (list === undefined) {
      this.askedOf[block] = [peer];
      this.unrequested--;
    } else {
      list.push(peer);
    }
    this.inFlight++;
  }

  /** Returns whether the peer had the block in flight. */
  unask(block: number, peer: PeerKey): boolean {
    const list = this.askedOf[block];
    const at = list?.indexOf(peer) ?? -1;
    if (list === undefined || at < 0) return false;
    list.splice(at, 1);
    this.inFlight--;
    if (list.length === 0) {
      this.askedOf[block] = undefined;
      if (!this.has(block)) {
        this.unrequested++;
        this.cursor = Math.min(this.cursor, block);
      }
    }
    return true;
  }

  /** Stores a missing block nobody has in flight any more (the caller released every request for it). */
  store(block: number, data: Uint8Array, peer: PeerKey): void {
    // Not zeroed: only a complete piece leaves, every byte written. Its own ArrayBuffer (never a
    // slice of Node's pool), so the caller may transfer it to a hashing worker.
    this.buffer ??= Buffer.allocUnsafeSlow(this.size);
    this.buffer.set(data, block * BLOCK_SIZE);
    this.received[block] = 1;
    this.receivedCount++;
    this.unrequested--;
    this.contributors.add(peer);
  }

  /** The assembled piece, once complete; the piece no longer holds it. */
  takeBuffer(): Uint8Array {
    const buffer = this.buffer;
    if (buffer === null || !this.isComplete()) {
      throw new ScheduleError('incomplete', `piece ${this.index} is not complete`);
    }
    this.buffer = null;
    return buffer;
  }

  /** Every (block, peer) with a request in flight, for releasing them all. */
  *requests(): Generator<{ block: number; peer: PeerKey }> {
    for (let b = 0; b < this.blockCount; b++) for (const peer of this.askedOf[b] ?? []) yield { block: b, peer };
  }
}
