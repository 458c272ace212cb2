import { Bitfield } from '../../protocol/bitfield.js';
import { BucketOrder } from './bucket-order.js';
import { forEachHeld, holds, setHeld } from './peer-bits.js';
import { ScheduleError } from './schedule-error.js';

/** The torrent's id for a connected peer. */
export type PeerKey = string;
/** Per piece, from the file priorities: skip, low, normal, high. */
export type Priority = 0 | 1 | 2 | 3;
export type PickStrategy = 'rarest' | 'sequential';

interface PeerPieces {
  /** Wire-form bits; null for a peer with every piece (seeds are counted once in `seeds`, not per piece). */
  bits: Uint8Array | null;
  /** Pieces it has. */
  count: number;
  /** Pieces it has that we want and lack (claimed ones too): drives `interesting`. */
  wanted: number;
  /** Pieces it has that pick() may return: when 0, pick() answers at once. */
  pickable: number;
}

const NORMAL: Priority = 2;

/**
 * Which piece to start next, for a given peer. The pool is every wanted piece we lack that no
 * request is working on (claimed pieces are BlockRequests' business), kept sorted by priority and
 * then by availability in a BucketOrder, so a `have` costs O(1) and a pick stops at the first piece
 * the peer has, rarest first with a random tie-break so peers spread over different pieces. A pick
 * happens once per piece, not per block, and ends at once for a peer with nothing left to offer.
 * Peers with every piece are only counted, which keeps seeds (the common case) cheap and leaves the
 * order of the rest untouched. The sequential strategy (streaming) takes the lowest index instead.
 */
export class PiecePicker {
  readonly pieceCount: number;
  private readonly random: () => number;
  private strategy: PickStrategy = 'rarest';
  private readonly priority: Uint8Array;
  private readonly had: Uint8Array;
  private readonly claimed: Uint8Array;
  /** Peers having each piece, seeds not counted. */
  private readonly avail: Uint32Array;
  private readonly pool: BucketOrder;
  private readonly peers = new Map<PeerKey, PeerPieces>();
  private seeds = 0;
  private wantedLeft: number;
  /** Per priority, for the sequential strategy: no pool piece of that priority lies below it. */
  private readonly cursor = new Int32Array(4);

  constructor(pieceCount: number, options: { random?: () => number } = {}) {
    if (!Number.isSafeInteger(pieceCount) || pieceCount < 0) {
      throw new ScheduleError('bad-option', `piece count ${pieceCount} is not a non-negative integer`);
    }
    this.pieceCount = pieceCount;
    this.random = options.random ?? Math.random;
    this.priority = new Uint8Array(pieceCount).fill(NORMAL);
    this.had = new Uint8Array(pieceCount);
    this.claimed = new Uint8Array(pieceCount);
    this.avail = new Uint32Array(pieceCount);
    this.pool = new BucketOrder(pieceCount, 3);
    this.wantedLeft = pieceCount;
    this.rebuildPool();
  }

  setStrategy(strategy: PickStrategy): void {
    if (strategy !== 'rarest' && strategy !== 'sequential') {
      throw new ScheduleError('bad-option', `unknown pick strategy ${String(strategy)}`);
    }
    this.strategy = strategy;
  }

  /** One Priority per piece. */
  setPriorities(priorities: Uint8Array): void {
    if (priorities.length !== this.pieceCount) {
      throw new ScheduleError('bad-priorities', `${priorities.length} priorities for ${this.pieceCount} pieces`);
    }
    const bad = priorities.findIndex((p) => p > 3);
    if (bad >= 0) throw new ScheduleError('bad-priorities', `piece ${bad} has priority ${priorities[bad]}, not 0–3`);
    for (let i = 0; i < this.pieceCount; i++) {
      const before = this.isWanted(i);
      this.priority[i] = priorities[i]!;
      const after = this.isWanted(i);
      if (before !== after) this.wantedChanged(i, after ? 1 : -1);
    }
    this.rebuildPool();
  }

  /** Verified and written. */
  markHave(index: number): void {
    this.check(index);
    if (this.had[index]) return;
    const wanted = this.isWanted(index);
    this.had[index] = 1;
    if (wanted) this.wantedChanged(index, -1);
    this.sync(index);
  }

  /** A recheck found the piece bad after all. */
  unmarkHave(index: number): void {
    this.check(index);
    if (!this.had[index]) return;
    this.had[index] = 0;
    if (this.isWanted(index)) this.wantedChanged(index, 1);
    this.sync(index);
  }

  /** On bitfield, have-all or have-none; replaces what was known of the peer. */
  peerHas(peer: PeerKey, bitfield: Bitfield | 'all' | 'none'): void {
    if (bitfield instanceof Bitfield && bitfield.length !== this.pieceCount) {
      throw new ScheduleError('bad-bitfield', `bitfield of ${bitfield.length} pieces for ${this.pieceCount}`);
    }
    this.peerGone(peer);
    if (bitfield === 'all' || (bitfield instanceof Bitfield && bitfield.isFull())) {
      this.seeds++;
      this.peers.set(peer, { bits: null, count: this.pieceCount, wanted: 0, pickable: 0 });
      return;
    }
    const bits = bitfield === 'none' ? this.noBits() : bitfield.toBytes();
    const state: PeerPieces = { bits, count: 0, wanted: 0, pickable: 0 };
    this.peers.set(peer, state);
    forEachHeld(bits, (i) => this.gained(state, i));
  }

  /** On have; a peer not heard of before starts with nothing. Throws 'out-of-range' for a bad index. */
  peerHasPiece(peer: PeerKey, index: number): void {
    this.check(index);
    let state = this.peers.get(peer);
    if (state === undefined) {
      state = { bits: this.noBits(), count: 0, wanted: 0, pickable: 0 };
      this.peers.set(peer, state);
    }
    const bits = state.bits;
    if (bits === null || holds(bits, index)) return;
    setHeld(bits, index);
    this.gained(state, index);
    if (state.count === this.pieceCount) {
      for (let i = 0; i < this.pieceCount; i++) this.changeAvail(i, -1);
      state.bits = null;
      this.seeds++;
    }
  }

  peerGone(peer: PeerKey): void {
    const state = this.peers.get(peer);
    if (state === undefined) return;
    this.peers.delete(peer);
    if (state.bits === null) this.seeds--;
    else forEachHeld(state.bits, (i) => this.changeAvail(i, -1));
  }

  availability(index: number): number {
    this.check(index);
    return this.avail[index]! + this.seeds;
  }

  /** Pieces still wanted (priority > 0 and not had). */
  remaining(): number {
    return this.wantedLeft;
  }

  /** True when the peer has something we want: drives `interested`. */
  interesting(peer: PeerKey): boolean {
    const state = this.peers.get(peer);
    if (state === undefined) return false;
    return state.bits === null ? this.wantedLeft > 0 : state.wanted > 0;
  }

  hasPiece(peer: PeerKey, index: number): boolean {
    this.check(index);
    const state = this.peers.get(peer);
    return state !== undefined && (state.bits === null || holds(state.bits, index));
  }

  peerCount(): number {
    return this.peers.size;
  }

  /** Wanted pieces we lack that nobody is working on. */
  unclaimed(): number {
    return this.pool.size;
  }

  /**
   * The next piece to start with `peer`, or -1: highest priority first, then rarest (or lowest
   * index). With `allowed` (the peer chokes us; its BEP 6 allowed-fast set) only those pieces count.
   * Does not claim it.
   */
  pick(peer: PeerKey, allowed?: ReadonlySet<number>): number {
    const state = this.peers.get(peer);
    if (state === undefined) return -1;
    const bits = state.bits;
    if (bits === null ? this.pool.size === 0 : state.pickable === 0) return -1;
    const has = bits === null ? () => true : (i: number) => holds(bits, i);
    if (allowed !== undefined) return this.bestAllowed(allowed, has);
    for (let p = 3; p >= 1; p--) {
      if (this.pool.groupSize(3 - p) === 0) continue;
      const i = this.strategy === 'sequential' ? this.lowestIndex(p, has) : this.pool.find(3 - p, has, this.random);
      if (i >= 0) return i;
    }
    return -1;
  }

  /** A request is working on the piece: pick() no longer offers it. */
  claim(index: number): void {
    this.check(index);
    this.claimed[index] = 1;
    this.sync(index);
  }

  /** Nobody works on the piece any more: back in the pool unless it is had or unwanted. */
  release(index: number): void {
    this.check(index);
    this.claimed[index] = 0;
    this.sync(index);
  }

  /** The best allowed pool piece the peer has, in the pool's own order; ties drawn evenly. */
  private bestAllowed(allowed: ReadonlySet<number>, has: (i: number) => boolean): number {
    let best = -1;
    let ties = 0;
    for (const i of allowed) {
      if (!Number.isInteger(i) || i < 0 || i >= this.pieceCount || !this.pool.has(i) || !has(i)) continue;
      const order = best < 0 ? -1 : this.compare(i, best);
      if (order < 0) [best, ties] = [i, 1];
      else if (order === 0 && this.random() * ++ties < 1) best = i;
    }
    return best;
  }

  /** Negative when piece a goes before piece b. */
  private compare(a: number, b: number): number {
    if (this.priority[a] !== this.priority[b]) return this.priority[b]! - this.priority[a]!;
    return this.strategy === 'sequential' ? a - b : this.avail[a]! - this.avail[b]!;
  }

  /** From the priority's cursor, the first pool piece of that priority the peer has. */
  private lowestIndex(priority: number, has: (i: number) => boolean): number {
    for (let i = this.cursor[priority]!; i < this.pieceCount; i++) {
      const member = this.pool.has(i) && this.priority[i] === priority;
      if (!member && i === this.cursor[priority]) this.cursor[priority] = i + 1;
      else if (member && has(i)) return i;
    }
    return -1;
  }

  private isWanted(i: number): boolean {
    return this.priority[i]! > 0 && this.had[i] === 0;
  }

  private noBits(): Uint8Array {
    return new Uint8Array(Math.ceil(this.pieceCount / 8));
  }

  /** A piece the peer now has: availability and the peer's counts. */
  private gained(state: PeerPieces, i: number): void {
    state.count++;
    this.changeAvail(i, 1);
    if (this.isWanted(i)) state.wanted++;
    if (this.pool.has(i)) state.pickable++;
  }

  private changeAvail(i: number, delta: 1 | -1): void {
    this.avail[i]! += delta;
    if (!this.pool.has(i)) return;
    if (delta > 0) this.pool.raise(i);
    else this.pool.lower(i);
  }

  private wantedChanged(i: number, delta: 1 | -1): void {
    this.wantedLeft += delta;
    for (const state of this.peers.values()) if (state.bits !== null && holds(state.bits, i)) state.wanted += delta;
  }

  /** Puts the piece in the pool or takes it out, as its state now says. */
  private sync(i: number): void {
    const belongs = this.isWanted(i) && this.claimed[i] === 0;
    if (belongs === this.pool.has(i)) return;
    if (belongs) {
      this.pool.insert(i, 3 - this.priority[i]!, this.avail[i]!);
      this.cursor[this.priority[i]!] = Math.min(this.cursor[this.priority[i]!]!, i);
    } else {
      this.pool.remove(i);
    }
    for (const state of this.peers.values()) {
      if (state.bits !== null && holds(state.bits, i)) state.pickable += belongs ? 1 : -1;
    }
  }

  private rebuildPool(): void {
    const members: number[] = [];
    for (let i = 0; i < this.pieceCount; i++) if (this.isWanted(i) && this.claimed[i] === 0) members.push(i);
    this.pool.rebuild(
      members,
      (i) => 3 - this.priority[i]!,
      (i) => this.avail[i]!,
    );
    this.cursor.fill(0);
    for (const state of this.peers.values()) {
      let pickable = 0;
      if (state.bits !== null) forEachHeld(state.bits, (i) => (pickable += this.pool.has(i) ? 1 : 0));
      state.pickable = pickable;
    }
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pieceCount) {
      throw new ScheduleError('out-of-range', `piece ${index} is outside 0..${this.pieceCount - 1}`);
    }
  }
}
