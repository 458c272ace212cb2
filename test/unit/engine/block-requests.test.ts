import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bitfield } from '../../../core/protocol/bitfield.js';
import { BLOCK_SIZE, PieceGeometry } from '../../../core/protocol/pieces.js';
import { BlockRequests, type BlockRef } from '../../../core/engine/torrent/block-requests.js';
import { PiecePicker } from '../../../core/engine/torrent/piece-picker.js';

function geometry(pieceLength: number, length: number): PieceGeometry {
  return new PieceGeometry({ pieceLength, length, files: [{ path: ['f'], length, offset: 0 }] });
}

/** The torrent's bytes: a function of the position, so every block's content is known. */
function content(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + 7) & 255;
  return out;
}

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Byte equality without vitest's element-by-element deep compare, which is slow on whole pieces. */
function sameBytes(a: Uint8Array | undefined | false, b: Uint8Array): boolean {
  return a instanceof Uint8Array && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

const keyOf = (b: BlockRef) => `${b.index}:${b.begin}`;

interface Setup {
  g: PieceGeometry;
  pieceLength: number;
  data: Uint8Array;
  picker: PiecePicker;
  requests: BlockRequests;
}

function setup(pieceLength: number, length: number, maxActivePieces?: number): Setup {
  const g = geometry(pieceLength, length);
  const picker = new PiecePicker(g.pieceCount, { random: prng(length) });
  const requests = new BlockRequests(g, picker, maxActivePieces === undefined ? {} : { maxActivePieces });
  return { g, pieceLength, data: content(length), picker, requests };
}

function bytesAt(s: Setup, block: BlockRef): Uint8Array {
  const start = block.index * s.pieceLength + block.begin;
  return s.data.subarray(start, start + block.length);
}

function pieceBytes(s: Setup, index: number): Uint8Array {
  return bytesAt(s, { index, begin: 0, length: s.g.pieceSize(index) });
}

function deliver(s: Setup, peer: string, block: BlockRef, now = 0) {
  return s.requests.received(peer, block, bytesAt(s, block), now);
}

/**
 * Drives BlockRequests the way a torrent does, with peers that answer in any order, reject, choke,
 * time out and fail hashes, and checks every answer against a plain model of what is in flight.
 */
class Simulation {
  readonly inFlight = new Map<string, Set<string>>();
  /** Requests timed out or cancelled: their blocks may still come. */
  readonly stale = new Map<string, Set<string>>();
  readonly askedEver = new Set<string>();
  readonly received = new Set<string>();
  readonly contributors = new Map<number, Set<string>>();
  readonly verified = new Set<number>();
  now = 0;

  constructor(
    readonly s: Setup,
    readonly peers: string[],
    readonly random: () => number,
  ) {}

  ask(peer: string, count: number): void {
    const blocks = this.s.requests.next(peer, count, this.now);
    expect(blocks.length).toBeLessThanOrEqual(count);
    expect(new Set(blocks.map(keyOf)).size).toBe(blocks.length);
    let duplicated = false;
    for (const b of blocks) {
      const k = keyOf(b);
      expect(this.s.picker.hasPiece(peer, b.index)).toBe(true);
      expect(this.verified.has(b.index)).toBe(false);
      expect(this.received.has(k)).toBe(false);
      expect(b).toEqual({ index: b.index, ...this.s.g.block(b.index, b.begin / BLOCK_SIZE) });
      const holders = this.inFlight.get(k) ?? new Set<string>();
      expect(holders.has(peer)).toBe(false);
      if (holders.size > 0) duplicated = true;
      holders.add(peer);
      expect(holders.size).toBeLessThanOrEqual(2);
      this.inFlight.set(k, holders);
      this.stale.get(k)?.delete(peer);
      this.askedEver.add(`${peer}@${k}`);
    }
    // Outside endgame a block is never asked of two peers at once.
    if (duplicated) expect(this.s.requests.inEndgame()).toBe(true);
    expect(this.s.requests.outstanding(peer)).toBe(this.countOf(peer));
  }

  /** Delivers one in-flight or stale block, chosen at random. */
  deliverOne(failRate: number): boolean {
    const choices = [...this.inFlight, ...this.stale].flatMap(([k, ps]) => [...ps].map((p) => [k, p] as const));
    if (choices.length === 0) return false;
    const [k, peer] = choices[Math.floor(this.random() * choices.length)]!;
    const wasStale = this.stale.get(k)?.has(peer) ?? false;
    const block = this.blockOf(k);
    const result = deliver(this.s, peer, block, ++this.now);
    if (wasStale) this.stale.get(k)!.delete(peer);
    else this.inFlight.get(k)!.delete(peer);
    // A block in flight is always wanted; a stale one is kept when still missing, never a strike.
    if (!wasStale || this.received.has(k)) expect(result.status).toBe(this.received.has(k) ? 'duplicate' : 'stored');
    else expect(['stored', 'duplicate']).toContain(result.status);
    if (result.status !== 'stored') return true;
    const others = this.inFlight.get(k) ?? new Set<string>();
    expect(new Set(result.cancels)).toEqual(others);
    const stale = this.stale.get(k) ?? new Set<string>();
    for (const c of others) stale.add(c);
    this.stale.set(k, stale);
    this.inFlight.delete(k);
    this.received.add(k);
    const contributors = this.contributors.get(block.index) ?? new Set<string>();
    this.contributors.set(block.index, contributors.add(peer));
    if (result.piece) this.completed(block.index, result.piece, failRate);
    return true;
  }

  completed(index: number, piece: Uint8Array, failRate: number): void {
    expect(sameBytes(piece, pieceBytes(this.s, index))).toBe(true);
    for (let b = 0; b < this.s.g.blockCount(index); b++)
      expect(this.received.has(`${index}:${b * BLOCK_SIZE}`)).toBe(true);
    if (this.random() < failRate) {
      expect(new Set(this.s.requests.pieceFailed(index))).toEqual(this.contributors.get(index));
      for (let b = 0; b < this.s.g.blockCount(index); b++) this.received.delete(`${index}:${b * BLOCK_SIZE}`);
      this.contributors.delete(index);
      return;
    }
    this.s.picker.markHave(index);
    this.s.requests.pieceVerified(index);
    this.verified.add(index);
  }

  reject(): void {
    const choices = [...this.inFlight].flatMap(([k, ps]) => [...ps].map((p) => [k, p] as const));
    if (choices.length === 0) return;
    const [k, peer] = choices[Math.floor(this.random() * choices.length)]!;
    this.s.requests.rejected(peer, this.blockOf(k));
    this.inFlight.get(k)!.delete(peer);
  }

  choke(peer: string): void {
    this.s.requests.peerChoked(peer);
    for (const ps of this.inFlight.values()) ps.delete(peer);
    expect(this.s.requests.outstanding(peer)).toBe(0);
  }

  /** Everyone goes silent past the timeout: every request in flight times out, and is released. */
  timeout(): void {
    this.now += 1001;
    const expired = this.s.requests.timedOut(this.now, 1000);
    const expected = [...this.inFlight].flatMap(([k, ps]) => [...ps].map((p) => `${p}@${k}`));
    expect(expired.map((e) => `${e.peer}@${keyOf(e.block)}`).sort()).toEqual(expected.sort());
    for (const [k, ps] of this.inFlight) {
      const stale = this.stale.get(k) ?? new Set<string>();
      for (const p of ps) stale.add(p);
      this.stale.set(k, stale);
    }
    this.inFlight.clear();
    for (const p of this.peers) expect(this.s.requests.outstanding(p)).toBe(0);
  }

  /** A block never asked of the peer is unexpected. */
  stray(peer: string): void {
    const index = Math.floor(this.random() * this.s.g.pieceCount);
    const begin = Math.floor(this.random() * this.s.g.blockCount(index)) * BLOCK_SIZE;
    const block = { index, ...this.s.g.block(index, begin / BLOCK_SIZE) };
    if (this.askedEver.has(`${peer}@${keyOf(block)}`)) return;
    expect(deliver(this.s, peer, block, this.now).status).toBe('unexpected');
  }

  countOf(peer: string): number {
    let n = 0;
    for (const ps of this.inFlight.values()) if (ps.has(peer)) n++;
    return n;
  }

  blockOf(k: string): BlockRef {
    const [index, begin] = k.split(':').map(Number) as [number, number];
    return { index, ...this.s.g.block(index, begin / BLOCK_SIZE) };
  }
}

const scenario = fc.record({
  pieceLength: fc.constantFrom(16384, 32768, 65536),
  pieces: fc.integer({ min: 1, max: 7 }),
  tail: fc.integer({ min: 1, max: 65536 }),
  peers: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(),
  maxActive: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  steps: fc.array(fc.nat(99), { minLength: 10, maxLength: 150, size: 'max' }),
});

describe('BlockRequests', () => {
  it('never asks a block twice outside endgame, at most twice in it, and assembles exact pieces', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const length = (sc.pieces - 1) * sc.pieceLength + Math.min(sc.tail, sc.pieceLength);
        const s = setup(sc.pieceLength, length, sc.maxActive);
        const random = prng(sc.seed);
        const peers = Array.from({ length: sc.peers }, (_, i) => `p${i}`);
        for (const p of peers) {
          const bits = new Bitfield(s.g.pieceCount);
          for (let i = 0; i < s.g.pieceCount; i++) if (random() < 0.7) bits.set(i);
          s.picker.peerHas(p, bits);
        }
        const sim = new Simulation(s, peers, random);
        for (const step of sc.steps) {
          const peer = peers[step % peers.length]!;
          if (step < 40) sim.ask(peer, 1 + (step % 5));
          else if (step < 75) sim.deliverOne(0.2);
          else if (step < 82) sim.reject();
          else if (step < 86) sim.choke(peer);
          else if (step < 90) sim.timeout();
          else sim.stray(peer);
        }
        // Then everything is fetched: each piece some peer has ends verified with the right bytes.
        for (let round = 0; round < 10_000; round++) {
          for (const p of peers) sim.ask(p, 4);
          if (!sim.deliverOne(0)) break;
        }
        for (let i = 0; i < s.g.pieceCount; i++) {
          if (peers.some((p) => s.picker.hasPiece(p, i))) expect(sim.verified.has(i)).toBe(true);
        }
        for (const p of peers) expect(s.requests.outstanding(p)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('in endgame asks a second peer, returns the loser as a cancel and takes its late copy as a duplicate', () => {
    const s = setup(32768, 32768);
    for (const p of ['a', 'b', 'c']) s.picker.peerHas(p, 'all');
    const asked = s.requests.next('a', 10, 0);
    expect(asked).toEqual([
      { index: 0, begin: 0, length: BLOCK_SIZE },
      { index: 0, begin: BLOCK_SIZE, length: BLOCK_SIZE },
    ]);
    expect(s.requests.inEndgame()).toBe(true);
    expect(s.requests.next('b', 10, 0)).toEqual(asked);
    expect(s.requests.next('c', 10, 0)).toEqual([]);
    expect(s.requests.next('a', 10, 0)).toEqual([]);
    expect(deliver(s, 'b', asked[0]!)).toEqual({ status: 'stored', cancels: ['a'] });
    expect(deliver(s, 'a', asked[0]!)).toEqual({ status: 'duplicate' });
    expect(s.requests.outstanding('a')).toBe(1);
    const last = deliver(s, 'a', asked[1]!);
    expect(last.status === 'stored' && last.cancels).toEqual(['b']);
    expect(sameBytes(last.status === 'stored' && last.piece, pieceBytes(s, 0))).toBe(true);
    s.requests.pieceVerified(0);
    // The cancelled copy may still come after the piece is done: a duplicate, not a strike.
    expect(deliver(s, 'b', asked[1]!)).toEqual({ status: 'duplicate' });
    expect(s.requests.inEndgame()).toBe(false);
    expect(s.picker.remaining()).toBe(0);
  });

  it('is not in endgame while some wanted piece is not yet asked of anyone', () => {
    const s = setup(16384, 3 * 16384, 2);
    s.picker.peerHas('a', 'all');
    s.picker.peerHas('b', 'all');
    expect(s.requests.next('a', 10, 0)).toHaveLength(2);
    expect(s.requests.inEndgame()).toBe(false);
    expect(s.requests.next('b', 10, 0)).toEqual([]);
  });

  it('finishes started pieces first and keeps at most maxActivePieces in flight', () => {
    const s = setup(65536, 10 * 65536, 3);
    s.picker.peerHas('a', 'all');
    s.picker.peerHas('b', 'all');
    const first = s.requests.next('a', 2, 0);
    expect(new Set(first.map((b) => b.index)).size).toBe(1);
    const second = s.requests.next('b', 2, 0);
    expect(second.map((b) => b.index)).toEqual([first[0]!.index, first[0]!.index]);
    expect(second.map((b) => b.begin)).toEqual([2 * BLOCK_SIZE, 3 * BLOCK_SIZE]);
    const many = s.requests.next('a', 100, 0);
    expect(new Set([...first, ...second, ...many].map((b) => b.index)).size).toBe(3);
    expect(many).toHaveLength(8);
  });

  it('keeps downloading while assembled pieces wait for their hash, up to as many again', () => {
    const s = setup(16384, 10 * 16384, 2);
    s.picker.peerHas('a', 'all');
    const block = new Uint8Array(16384);
    const round = () => {
      const asked = s.requests.next('a', 10, 0);
      for (const b of asked) expect(s.requests.received('a', b, block, 0).status).toBe('stored');
      return asked.map((b) => b.index);
    };
    const first = round();
    expect(first).toHaveLength(2);
    expect(round()).toHaveLength(2);
    expect(round()).toEqual([]);
    s.requests.pieceVerified(first[0]!);
    expect(round()).toHaveLength(1);
  });

  it('times out silent peers, hands their blocks to others and still takes the late block if missing', () => {
    const s = setup(16384, 2 * 16384);
    s.picker.peerHas('a', 'all');
    s.picker.peerHas('b', 'all');
    const asked = s.requests.next('a', 2, 0);
    expect(s.requests.timedOut(1000, 1000)).toEqual([]);
    // A delivering peer is only slow: its other requests age from its last block.
    expect(deliver(s, 'a', asked[0]!, 900).status).toBe('stored');
    expect(s.requests.timedOut(1800, 1000)).toEqual([]);
    expect(s.requests.timedOut(1901, 1000)).toEqual([{ peer: 'a', block: asked[1] }]);
    expect(s.requests.outstanding('a')).toBe(0);
    expect(s.requests.next('b', 5, 1901)).toEqual([asked[1]]);
    const late = deliver(s, 'a', asked[1]!, 2000);
    expect(late.status === 'stored' && late.cancels).toEqual(['b']);
    expect(deliver(s, 'b', asked[1]!, 2001)).toEqual({ status: 'duplicate' });
  });

  it('on a failed hash names the contributors and asks for the piece again', () => {
    const s = setup(32768, 32768);
    s.picker.peerHas('a', 'all');
    s.picker.peerHas('b', 'all');
    const [x, y] = [s.requests.next('a', 1, 0)[0]!, s.requests.next('b', 1, 0)[0]!];
    deliver(s, 'a', x);
    const done = deliver(s, 'b', y);
    expect(done.status === 'stored' && done.piece?.length).toBe(32768);
    expect(s.requests.pieceFailed(0).sort()).toEqual(['a', 'b']);
    expect(s.requests.next('b', 5, 1)).toEqual([x, y]);
    expect(s.requests.pieceFailed(5)).toEqual([]);
  });

  it('releases requests on reject, choke and departure, and the piece returns to the picker', () => {
    const s = setup(16384, 4 * 16384);
    s.picker.peerHas('a', 'all');
    s.picker.peerHas('b', 'all');
    const asked = s.requests.next('a', 3, 0);
    expect(s.picker.unclaimed()).toBe(1);
    s.requests.rejected('a', asked[0]!);
    expect(s.requests.outstanding('a')).toBe(2);
    expect(s.picker.unclaimed()).toBe(2);
    s.requests.peerChoked('a');
    expect(s.requests.outstanding('a')).toBe(0);
    expect(s.picker.unclaimed()).toBe(4);
    s.requests.next('b', 2, 0);
    s.requests.peerGone('b');
    expect(s.picker.unclaimed()).toBe(4);
    expect(deliver(s, 'b', asked[1]!).status).toBe('unexpected');
  });

  it('asks a choking peer only for its allowed-fast pieces', () => {
    const s = setup(16384, 6 * 16384);
    s.picker.peerHas('a', 'all');
    const fast = new Set([4, 1, 99]);
    const asked = s.requests.next('a', 10, 0, fast);
    expect(asked.map((b) => b.index).sort()).toEqual([1, 4]);
    expect(s.requests.next('a', 10, 0, fast)).toEqual([]);
  });

  it('answers blocks that are not requested, misplaced or of the wrong size as unexpected', () => {
    const s = setup(32768, 40000);
    s.picker.peerHas('a', 'all');
    const asked = s.requests.next('a', 10, 0);
    expect(asked.at(-1)).toEqual({ index: 1, begin: 0, length: 40000 - 32768 });
    const block = asked[0]!;
    const data = bytesAt(s, block);
    expect(s.requests.received('x', block, data, 0).status).toBe('unexpected');
    expect(s.requests.received('a', { ...block, begin: 1 }, data, 0).status).toBe('unexpected');
    expect(s.requests.received('a', { ...block, length: 100 }, data.subarray(0, 100), 0).status).toBe('unexpected');
    expect(s.requests.received('a', block, data.subarray(1), 0).status).toBe('unexpected');
    expect(s.requests.received('a', { ...block, index: 7 }, data, 0).status).toBe('unexpected');
    expect(s.requests.received('a', block, data, 0).status).toBe('stored');
    expect(s.requests.received('a', block, data, 0).status).toBe('unexpected');
  });

  it('refuses bad options and counts with typed errors', () => {
    const s = setup(16384, 16384);
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => s.requests.next('a', -1, 0))).toBe('bad-option');
    expect(code(() => s.requests.next('a', 1.5, 0))).toBe('bad-option');
    expect(code(() => s.requests.timedOut(0, 0))).toBe('bad-option');
    expect(code(() => new BlockRequests(s.g, s.picker, { maxActivePieces: 0 }))).toBe('bad-option');
    expect(code(() => new BlockRequests(s.g, new PiecePicker(2)))).toBe('bad-option');
    expect(s.requests.next('nobody', 4, 0)).toEqual([]);
  });
});
