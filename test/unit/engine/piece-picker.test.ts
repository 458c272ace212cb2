import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bitfield } from '../../../core/protocol/bitfield.js';
import { BucketOrder } from '../../../core/engine/torrent/bucket-order.js';
import { PiecePicker } from '../../../core/engine/torrent/piece-picker.js';

/** A small deterministic PRNG, so failures replay. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function bitfield(length: number, has: (i: number) => boolean): Bitfield {
  const bits = new Bitfield(length);
  for (let i = 0; i < length; i++) if (has(i)) bits.set(i);
  return bits;
}

/** What the picker should know, kept the obvious way. */
class Model {
  priority: number[];
  had: boolean[];
  claimed: boolean[];
  peers = new Map<string, Set<number>>();
  constructor(readonly n: number) {
    this.priority = new Array<number>(n).fill(2);
    this.had = new Array<boolean>(n).fill(false);
    this.claimed = new Array<boolean>(n).fill(false);
  }
  availability(i: number): number {
    let a = 0;
    for (const s of this.peers.values()) if (s.has(i)) a++;
    return a;
  }
  inPool(i: number): boolean {
    return this.priority[i]! > 0 && !this.had[i] && !this.claimed[i];
  }
  eligible(peer: string): number[] {
    const s = this.peers.get(peer);
    if (!s) return [];
    return [...Array(this.n).keys()].filter((i) => this.inPool(i) && s.has(i));
  }
  remaining(): number {
    return this.priority.filter((p, i) => p > 0 && !this.had[i]).length;
  }
}

type Op =
  | { op: 'bitfield'; peer: number; kind: 'all' | 'none' | 'bits'; seed: number }
  | { op: 'have'; peer: number; index: number }
  | { op: 'gone'; peer: number }
  | { op: 'markHave' | 'unmarkHave' | 'claim' | 'release'; index: number }
  | { op: 'priorities'; seed: number }
  | { op: 'pick'; peer: number; withAllowed: boolean; seed: number };

/** Twelve peers, so availabilities pass the first bucket widths. */
const PEERS = 11;
const opArb = (n: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      op: fc.constant('bitfield' as const),
      peer: fc.nat(PEERS),
      kind: fc.constantFrom('all' as const, 'none' as const, 'bits' as const, 'bits' as const),
      seed: fc.nat(),
    }),
    {
      arbitrary: fc.record({ op: fc.constant('have' as const), peer: fc.nat(PEERS), index: fc.nat(n - 1) }),
      weight: 3,
    },
    fc.record({ op: fc.constant('gone' as const), peer: fc.nat(PEERS) }),
    fc.record({
      op: fc.constantFrom('markHave' as const, 'unmarkHave' as const, 'claim' as const, 'release' as const),
      index: fc.nat(n - 1),
    }),
    fc.record({ op: fc.constant('priorities' as const), seed: fc.nat() }),
    {
      arbitrary: fc.record({
        op: fc.constant('pick' as const),
        peer: fc.nat(PEERS),
        withAllowed: fc.boolean(),
        seed: fc.nat(),
      }),
      weight: 3,
    },
  );

function apply(picker: PiecePicker, model: Model, o: Op): void {
  const n = model.n;
  switch (o.op) {
    case 'bitfield': {
      const r = prng(o.seed);
      const key = `p${o.peer}`;
      const bits = bitfield(n, () => r() < 0.4);
      picker.peerHas(key, o.kind === 'bits' ? bits : o.kind);
      const has = o.kind === 'all' ? () => true : o.kind === 'none' ? () => false : (i: number) => bits.get(i);
      model.peers.set(key, new Set([...Array(n).keys()].filter(has)));
      return;
    }
    case 'have':
      picker.peerHasPiece(`p${o.peer}`, o.index);
      if (!model.peers.has(`p${o.peer}`)) model.peers.set(`p${o.peer}`, new Set());
      model.peers.get(`p${o.peer}`)!.add(o.index);
      return;
    case 'gone':
      picker.peerGone(`p${o.peer}`);
      model.peers.delete(`p${o.peer}`);
      return;
    case 'markHave':
    case 'unmarkHave':
      picker[o.op](o.index);
      model.had[o.index] = o.op === 'markHave';
      return;
    case 'claim':
    case 'release':
      picker[o.op](o.index);
      model.claimed[o.index] = o.op === 'claim';
      return;
    case 'priorities': {
      const r = prng(o.seed);
      const p = Uint8Array.from({ length: n }, () => Math.floor(r() * 4));
      picker.setPriorities(p);
      model.priority = [...p];
      return;
    }
    case 'pick':
      return checkPick(picker, model, o);
  }
}

function checkPick(picker: PiecePicker, model: Model, o: Extract<Op, { op: 'pick' }>): void {
  const key = `p${o.peer}`;
  const r = prng(o.seed);
  const allowed = o.withAllowed ? new Set([...Array(model.n).keys()].filter(() => r() < 0.3)) : undefined;
  const eligible = model.eligible(key).filter((i) => !allowed || allowed.has(i));
  const picked = picker.pick(key, allowed);
  if (eligible.length === 0) {
    expect(picked).toBe(-1);
    return;
  }
  // Never a piece the peer lacks, a had one, a claimed one or a skipped one; always the best.
  expect(eligible).toContain(picked);
  const top = Math.max(...eligible.map((i) => model.priority[i]!));
  expect(model.priority[picked]).toBe(top);
  const rarest = Math.min(...eligible.filter((i) => model.priority[i] === top).map((i) => model.availability(i)));
  expect(model.availability(picked)).toBe(rarest);
  picker.claim(picked);
  model.claimed[picked] = true;
}

describe('PiecePicker', () => {
  it('over any sequence of events picks only wanted, missing, unclaimed pieces the peer has, rarest first', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 70 })
          .chain((n) => fc.tuple(fc.constant(n), fc.array(opArb(n), { maxLength: 200, size: 'max' }))),
        ([n, ops]) => {
          const picker = new PiecePicker(n, { random: prng(n) });
          const model = new Model(n);
          for (const o of ops) {
            apply(picker, model, o);
            expect(picker.remaining()).toBe(model.remaining());
          }
          for (let i = 0; i < n; i++) expect(picker.availability(i)).toBe(model.availability(i));
          for (const key of model.peers.keys()) {
            const wants = [...model.peers.get(key)!].some((i) => model.priority[i]! > 0 && !model.had[i]);
            expect(picker.interesting(key)).toBe(wants);
          }
          expect(picker.unclaimed()).toBe([...Array(n).keys()].filter((i) => model.inPool(i)).length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('orders by random availabilities: a seed peer gets every piece, rarest first', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(6), { minLength: 1, maxLength: 60, size: 'max' }), fc.nat(), (avail, seed) => {
        const n = avail.length;
        const picker = new PiecePicker(n, { random: prng(seed) });
        for (let p = 0; p < 6; p++)
          picker.peerHas(
            `p${p}`,
            bitfield(n, (i) => avail[i]! > p),
          );
        picker.peerHas('seed', 'all');
        const order: number[] = [];
        for (let i = picker.pick('seed'); i >= 0; i = picker.pick('seed')) {
          order.push(i);
          picker.claim(i);
        }
        expect([...order].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
        const seen = order.map((i) => avail[i]!);
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
      }),
    );
  });

  it('puts higher priority first, and never offers skipped pieces', () => {
    const picker = new PiecePicker(6);
    picker.setPriorities(Uint8Array.from([1, 0, 3, 2, 0, 3]));
    picker.peerHas('s', 'all');
    const order: number[] = [];
    for (let i = picker.pick('s'); i >= 0; i = picker.pick('s')) {
      order.push(i);
      picker.claim(i);
    }
    expect(order.slice(0, 2).sort()).toEqual([2, 5]);
    expect(order.slice(2)).toEqual([3, 0]);
    expect(picker.remaining()).toBe(4);
  });

  it('in sequential mode takes the lowest index first within a priority', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80, max: 3, size: 'max' }), (priorities) => {
        const n = priorities.length;
        const picker = new PiecePicker(n, { random: prng(7) });
        picker.setStrategy('sequential');
        picker.setPriorities(priorities);
        picker.peerHas(
          'a',
          bitfield(n, (i) => i % 3 !== 1),
        );
        picker.peerHas('s', 'all');
        const order: number[] = [];
        for (let i = picker.pick('s'); i >= 0; i = picker.pick('s')) {
          order.push(i);
          picker.claim(i);
          // A piece coming back goes to the head of the line again.
          if (order.length === 2) {
            picker.release(order[0]!);
            expect(picker.pick('s')).toBe(order[0]);
            picker.claim(order[0]!);
          }
        }
        const expected = [...Array(n).keys()]
          .filter((i) => priorities[i]! > 0)
          .sort((a, b) => priorities[b]! - priorities[a]! || a - b);
        expect(order).toEqual(expected);
      }),
    );
  });

  it('picks the best piece for a sparse peer behind thousands of pieces it lacks', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('rarest' as const, 'sequential' as const), (seed, strategy) => {
        const n = 3000;
        const random = prng(seed);
        const picker = new PiecePicker(n, { random });
        picker.setStrategy(strategy);
        const priorities = Uint8Array.from({ length: n }, () => 1 + Math.floor(random() * 3));
        picker.setPriorities(priorities);
        // The sparse peer's few pieces sit at the back: the most available, and the highest indices.
        const sparse = new Set(Array.from({ length: 6 }, () => n - 1 - Math.floor(random() * 500)));
        for (let p = 0; p < 4; p++)
          picker.peerHas(
            `common${p}`,
            bitfield(n, (i) => sparse.has(i) || random() < 0.3),
          );
        picker.peerHas(
          'sparse',
          bitfield(n, (i) => sparse.has(i)),
        );
        const firsts = new Set<number>();
        for (let k = 0; k < 3; k++) {
          const picked = picker.pick('sparse');
          expect(sparse.has(picked)).toBe(true);
          const top = Math.max(...[...sparse].map((i) => priorities[i]!));
          const best = [...sparse].filter((i) => priorities[i] === top);
          if (strategy === 'sequential') expect(picked).toBe(Math.min(...best));
          else expect(picker.availability(picked)).toBe(Math.min(...best.map((i) => picker.availability(i))));
          firsts.add(picked);
          picker.claim(picked);
          sparse.delete(picked);
        }
        expect(firsts.size).toBe(3);
      }),
      { numRuns: 40 },
    );
  });

  it('breaks ties evenly for a sparse peer too', () => {
    const counts = new Map<number, number>();
    const random = prng(5);
    for (let run = 0; run < 600; run++) {
      const picker = new PiecePicker(2000, { random });
      picker.peerHas(
        'sparse',
        bitfield(2000, (i) => i >= 1997),
      );
      const picked = picker.pick('sparse');
      counts.set(picked, (counts.get(picked) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1997, 1998, 1999]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(150);
  });

  it('breaks ties at random so peers spread over pieces', () => {
    const firsts = new Set<number>();
    const random = prng(42);
    for (let run = 0; run < 40; run++) {
      const picker = new PiecePicker(100, { random });
      picker.peerHas('s', 'all');
      firsts.add(picker.pick('s'));
    }
    expect(firsts.size).toBeGreaterThan(20);
  });

  it('tracks interest, availability and seeds through have, have-all and departures', () => {
    const picker = new PiecePicker(3);
    expect(picker.interesting('x')).toBe(false);
    picker.peerHas('a', 'none');
    expect(picker.interesting('a')).toBe(false);
    picker.peerHasPiece('a', 1);
    expect(picker.interesting('a')).toBe(true);
    expect(picker.availability(1)).toBe(1);
    picker.markHave(1);
    expect(picker.interesting('a')).toBe(false);
    picker.unmarkHave(1);
    expect(picker.interesting('a')).toBe(true);
    picker.peerHasPiece('a', 0);
    picker.peerHasPiece('a', 2);
    // A peer that completes becomes a seed: availability unchanged, still counted once.
    expect([0, 1, 2].map((i) => picker.availability(i))).toEqual([1, 1, 1]);
    picker.peerHasPiece('b', 2);
    expect(picker.availability(2)).toBe(2);
    picker.peerGone('a');
    expect([0, 1, 2].map((i) => picker.availability(i))).toEqual([0, 0, 1]);
    expect(picker.peerCount()).toBe(1);
    picker.peerHas('b', 'none');
    expect(picker.availability(2)).toBe(0);
    picker.setPriorities(Uint8Array.from([0, 0, 0]));
    picker.peerHas('c', 'all');
    expect(picker.remaining()).toBe(0);
    expect(picker.interesting('c')).toBe(false);
    expect(picker.pick('c')).toBe(-1);
  });

  it('refuses bad input with typed errors', () => {
    const picker = new PiecePicker(10);
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => picker.markHave(10))).toBe('out-of-range');
    expect(code(() => picker.peerHasPiece('a', -1))).toBe('out-of-range');
    expect(code(() => picker.availability(1.5))).toBe('out-of-range');
    expect(code(() => picker.peerHas('a', new Bitfield(9)))).toBe('bad-bitfield');
    expect(code(() => picker.setPriorities(new Uint8Array(9)))).toBe('bad-priorities');
    expect(code(() => picker.setPriorities(new Uint8Array(10).fill(4)))).toBe('bad-priorities');
    expect(code(() => picker.setStrategy('random' as 'rarest'))).toBe('bad-option');
    expect(code(() => new PiecePicker(-1))).toBe('bad-option');
    expect(new PiecePicker(0).pick('a')).toBe(-1);
  });
});

describe('BucketOrder', () => {
  it('keeps members sorted by (group, level) through inserts, moves and removals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('insert', 'remove', 'raise', 'raise', 'raise', 'lower'), fc.nat(7), fc.nat(2)),
          { maxLength: 400, size: 'max' },
        ),
        (ops) => {
          const order = new BucketOrder(8, 3);
          const key = new Map<number, [number, number]>();
          for (const [op, item, group] of ops) {
            const k = key.get(item);
            if (op === 'insert' && !k) {
              order.insert(item, group, 0);
              key.set(item, [group, 0]);
            } else if (op === 'remove' && k) {
              order.remove(item);
              key.delete(item);
            } else if (op === 'raise' && k) {
              order.raise(item);
              k[1]++;
            } else if (op === 'lower' && k && k[1] > 0) {
              order.lower(item);
              k[1]--;
            }
          }
          expect(order.size).toBe(key.size);
          for (let g = 0; g < 3; g++) {
            const members = [...key].filter(([, [kg]]) => kg === g);
            expect(order.groupSize(g)).toBe(members.length);
            // Repeated finds that skip what was found walk the group in level order.
            const found: number[] = [];
            for (;;) {
              const i = order.find(g, (x) => !found.includes(x), Math.random);
              if (i < 0) break;
              found.push(i);
            }
            const levels = found.map((i) => key.get(i)![1]);
            expect(levels).toEqual([...levels].sort((a, b) => a - b));
            expect(found.length).toBe(members.length);
          }
        },
      ),
    );
  });
});
