import { randomInt } from 'node:crypto';

/**
 * Fixed-size peer records for every swarm of one address family, in large shared chunks: no JS
 * object and no separate allocation per peer or per swarm, so a million peers cost a few tens
 * of megabytes and freed records are reused by any swarm (per-swarm arrays that grow leave
 * their outgrown buffers scattered through the heap). One record:
 *
 *   address (4|16) | port u16 BE | flags u8 | pad | last seen u32 LE | peer id (20) | prev u32 | next u32
 *
 * Address and port come first and together, so a compact peer (BEP 23 / BEP 7) is one copy.
 * `prev`/`next` chain the records of one swarm; free records are chained through `next`.
 * `seed` keys the swarms' index hash: drawn per process, so nobody can pick addresses that collide.
 */
export const NONE = 0xffffffff;
const CHUNK_BITS = 16;
const CHUNK_RECORDS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_RECORDS - 1;

export class PeerArena {
  readonly stride: number;
  readonly portAt: number;
  readonly flagsAt: number;
  readonly seenAt: number;
  readonly idAt: number;
  readonly prevAt: number;
  readonly nextAt: number;
  private readonly chunks: Uint8Array[] = [];
  private freeHead = NONE;
  private unused = 0;
  /** Records in use, over all swarms. */
  live = 0;

  constructor(
    readonly addrLength: 4 | 16,
    readonly seed = randomInt(2 ** 32),
  ) {
    this.portAt = addrLength;
    this.flagsAt = addrLength + 2;
    this.seenAt = addrLength + 4;
    this.idAt = addrLength + 8;
    this.prevAt = addrLength + 28;
    this.nextAt = addrLength + 32;
    this.stride = addrLength + 36;
  }

  /** Records ever carved out of the chunks (the high-water mark). */
  get allocated(): number {
    return this.unused;
  }

  alloc(): number {
    this.live++;
    if (this.freeHead !== NONE) {
      const slot = this.freeHead;
      this.freeHead = this.getNext(slot);
      return slot;
    }
    if (this.unused === this.chunks.length * CHUNK_RECORDS)
      this.chunks.push(new Uint8Array(CHUNK_RECORDS * this.stride));
    return this.unused++;
  }

  free(slot: number): void {
    this.live--;
    this.setNext(slot, this.freeHead);
    this.freeHead = slot;
  }

  /** The chunk holding `slot`; the record starts at `offset(slot)` in it. */
  chunk(slot: number): Uint8Array {
    return this.chunks[slot >>> CHUNK_BITS]!;
  }

  offset(slot: number): number {
    return (slot & CHUNK_MASK) * this.stride;
  }

  getNext(slot: number): number {
    return readU32(this.chunk(slot), this.offset(slot) + this.nextAt);
  }

  setNext(slot: number, next: number): void {
    writeU32(this.chunk(slot), this.offset(slot) + this.nextAt, next);
  }

  getPrev(slot: number): number {
    return readU32(this.chunk(slot), this.offset(slot) + this.prevAt);
  }

  setPrev(slot: number, prev: number): void {
    writeU32(this.chunk(slot), this.offset(slot) + this.prevAt, prev);
  }

  lastSeen(slot: number): number {
    return readU32(this.chunk(slot), this.offset(slot) + this.seenAt);
  }

  setLastSeen(slot: number, now: number): void {
    writeU32(this.chunk(slot), this.offset(slot) + this.seenAt, now);
  }
}

export function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}

export function readU32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
