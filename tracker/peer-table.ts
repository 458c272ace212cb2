import { networkBytes } from './client-address.js';
import { NONE, type PeerArena } from './peer-arena.js';

/**
 * The peers of one swarm and one address family: a doubly linked chain of records in a shared
 * PeerArena, plus counts. A peer is identified by address + port (as opentracker does), never
 * by the peer id it claims: nobody can update or evict another peer's entry without sending
 * from that peer's address. Lookups scan the chain while it is short; past INDEX_FROM peers an
 * open-addressing index (linear probing, slot + 1, 0 = empty) takes over. The index hashes only
 * the address's network (networkBytes) under the arena's secret seed, not the port: the peers of
 * one network then sit in one probe run, so counting them (for the per-address cap) is one probe,
 * and since the cap keeps that run short, varying ports cannot grow it.
 */
const FLAG_SEEDER = 1;
const INDEX_FROM = 16;

export class PeerTable {
  count = 0;
  seeders = 0;
  private head = NONE;
  /** Where the next reply's window of peers starts: successive replies rotate through the swarm. */
  private cursor = NONE;
  private index: Int32Array | null = null;

  constructor(private readonly arena: PeerArena) {}

  /** The slot of the peer at this address and port, or -1. */
  find(addr: Uint8Array, port: number): number {
    const index = this.index;
    if (index) {
      const mask = index.length - 1;
      for (let p = this.hash(addr, 0) & mask; ; p = (p + 1) & mask) {
        const entry = index[p]!;
        if (entry === 0) return -1;
        if (this.matches(entry - 1, addr, port)) return entry - 1;
      }
    }
    for (let slot = this.head; slot !== NONE; slot = this.arena.getNext(slot)) {
      if (this.matches(slot, addr, port)) return slot;
    }
    return -1;
  }

  /** How many peers share the network of `addr` (see networkBytes), whatever their ports. */
  countNetwork(addr: Uint8Array): number {
    let n = 0;
    const index = this.index;
    if (index) {
      const mask = index.length - 1;
      for (let p = this.hash(addr, 0) & mask; index[p] !== 0; p = (p + 1) & mask) {
        if (this.sameNetwork(index[p]! - 1, addr)) n++;
      }
      return n;
    }
    for (let slot = this.head; slot !== NONE; slot = this.arena.getNext(slot)) {
      if (this.sameNetwork(slot, addr)) n++;
    }
    return n;
  }

  /** Adds a peer that `find` did not return; returns its slot. */
  insert(addr: Uint8Array, port: number, peerId: Uint8Array, seeder: boolean, now: number): number {
    const a = this.arena;
    const slot = a.alloc();
    const chunk = a.chunk(slot);
    const at = a.offset(slot);
    chunk.set(addr, at);
    chunk[at + a.portAt] = port >> 8;
    chunk[at + a.portAt + 1] = port & 0xff;
    chunk[at + a.flagsAt] = 0;
    a.setPrev(slot, NONE);
    a.setNext(slot, this.head);
    if (this.head !== NONE) a.setPrev(this.head, slot);
    this.head = slot;
    this.count++;
    this.update(slot, peerId, seeder, now);
    if (this.index) {
      if (this.count * 2 > this.index.length) this.rebuildIndex();
      else this.indexInsert(slot);
    } else if (this.count > INDEX_FROM) {
      this.rebuildIndex();
    }
    return slot;
  }

  /** Refreshes a peer's id, seeder flag and last-seen time. */
  update(slot: number, peerId: Uint8Array, seeder: boolean, now: number): void {
    const a = this.arena;
    const chunk = a.chunk(slot);
    const at = a.offset(slot);
    if (this.isSeeder(slot) !== seeder) {
      this.seeders += seeder ? 1 : -1;
      chunk[at + a.flagsAt] = seeder ? FLAG_SEEDER : 0;
    }
    a.setLastSeen(slot, now);
    chunk.set(peerId, at + a.idAt);
  }

  isSeeder(slot: number): boolean {
    return (this.arena.chunk(slot)[this.arena.offset(slot) + this.arena.flagsAt]! & FLAG_SEEDER) !== 0;
  }

  remove(slot: number): void {
    const a = this.arena;
    if (this.isSeeder(slot)) this.seeders--;
    if (this.index) this.indexDelete(slot);
    const prev = a.getPrev(slot);
    const next = a.getNext(slot);
    if (prev === NONE) this.head = next;
    else a.setNext(prev, next);
    if (next !== NONE) a.setPrev(next, prev);
    if (this.cursor === slot) this.cursor = next;
    this.count--;
    a.free(slot);
    if (this.index && this.count <= INDEX_FROM) this.index = null;
  }

  /** Removes every peer last seen before `cutoff` (unix seconds); returns how many. */
  expire(cutoff: number): number {
    const before = this.count;
    for (let slot = this.head; slot !== NONE;) {
      const next = this.arena.getNext(slot);
      if (this.arena.lastSeen(slot) < cutoff) this.remove(slot);
      slot = next;
    }
    if (this.index && this.count * 8 < this.index.length) this.rebuildIndex();
    return before - this.count;
  }

  /**
   * Copies up to `max` peers other than `skip` as compact address+port into `out` at `outAt`
   * (and their peer ids into `ids` at `idsAt` when given), without allocating. The window
   * starts where the previous reply's ended, so successive announcers see different peers.
   * Returns the number copied.
   */
  copyPeers(out: Uint8Array, outAt: number, ids: Uint8Array | null, idsAt: number, max: number, skip: number): number {
    const a = this.arena;
    const width = a.addrLength + 2;
    const n = Math.min(max, this.count - (skip >= 0 ? 1 : 0));
    let slot = this.cursor === NONE ? this.head : this.cursor;
    let i = 0;
    for (let visited = 0; i < n && visited < this.count; visited++) {
      if (slot !== skip) {
        const chunk = a.chunk(slot);
        const at = a.offset(slot);
        out.set(chunk.subarray(at, at + width), outAt + i * width);
        if (ids) ids.set(chunk.subarray(at + a.idAt, at + a.idAt + 20), idsAt + i * 20);
        i++;
      }
      slot = a.getNext(slot);
      if (slot === NONE) slot = this.head;
    }
    this.cursor = slot;
    return i;
  }

  /** Calls `visit` with each peer's id (a view valid only during the call). */
  forEachPeerId(visit: (peerId: Uint8Array) => void): void {
    const a = this.arena;
    for (let slot = this.head; slot !== NONE; slot = a.getNext(slot)) {
      const at = a.offset(slot) + a.idAt;
      visit(a.chunk(slot).subarray(at, at + 20));
    }
  }

  private matches(slot: number, addr: Uint8Array, port: number): boolean {
    const a = this.arena;
    const b = a.chunk(slot);
    const at = a.offset(slot);
    if (b[at + a.portAt] !== port >> 8 || b[at + a.portAt + 1] !== (port & 0xff)) return false;
    for (let i = 0; i < a.addrLength; i++) if (b[at + i] !== addr[i]) return false;
    return true;
  }

  private sameNetwork(slot: number, addr: Uint8Array): boolean {
    const b = this.arena.chunk(slot);
    const at = this.arena.offset(slot);
    const n = networkBytes(addr.length);
    for (let i = 0; i < n; i++) if (b[at + i] !== addr[i]) return false;
    return true;
  }

  /** The index hash of the network of the address at `at` in `bytes`. */
  private hash(bytes: Uint8Array, at: number): number {
    return networkHash(bytes, at, networkBytes(this.arena.addrLength), this.arena.seed);
  }

  private rebuildIndex(): void {
    let size = 64;
    while (size < this.count * 4) size *= 2;
    this.index = new Int32Array(size);
    for (let slot = this.head; slot !== NONE; slot = this.arena.getNext(slot)) this.indexInsert(slot);
  }

  private slotHash(slot: number): number {
    return this.hash(this.arena.chunk(slot), this.arena.offset(slot));
  }

  private indexInsert(slot: number): void {
    const index = this.index!;
    const mask = index.length - 1;
    let p = this.slotHash(slot) & mask;
    while (index[p] !== 0) p = (p + 1) & mask;
    index[p] = slot + 1;
  }

  /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
  private indexDelete(slot: number): void {
    const index = this.index!;
    const mask = index.length - 1;
    let hole = this.slotHash(slot) & mask;
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    index[hole] = 0;
    for (let p = (hole + 1) & mask; index[p] !== 0; p = (p + 1) & mask) {
      const home = this.slotHash(index[p]! - 1) & mask;
      // The entry may move back into the hole unless its home lies cyclically in (hole, p].
      const stays = hole <= p ? home > hole && home <= p : home > hole || home <= p;
      if (!stays) {
        index[hole] = index[p]!;
        index[p] = 0;
        hole = p;
      }
    }
  }
}

/** MurmurHash3's mixing over `length` bytes (a multiple of 4) from `at`, keyed by `seed`. */
function networkHash(bytes: Uint8Array, at: number, length: number, seed: number): number {
  let h = seed;
  for (let i = at; i < at + length; i += 4) {
    let k = (bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  }
  h ^= length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
