import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Choker, type ChokerPeer } from '../../../core/engine/torrent/choker.js';

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function peer(key: string, over: Partial<ChokerPeer> = {}): ChokerPeer {
  return { key, interested: true, downloadRate: 0, uploadRate: 0, connectedAt: -1_000_000, ...over };
}

const HOUR = 3_600_000;

describe('Choker', () => {
  it('unchokes `slots` interested peers plus one optimistic, never an uninterested one', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            interested: fc.boolean(),
            downloadRate: fc.nat(1000),
            uploadRate: fc.nat(1000),
            snubbed: fc.boolean(),
          }),
          { maxLength: 30, size: 'max' },
        ),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.nat(),
        (specs, slots, seeding, seed) => {
          const peers = specs.map((s, i) => peer(`p${i}`, s));
          const choker = new Choker({ slots, random: prng(seed) });
          const interested = peers.filter((p) => p.interested);
          for (const now of [HOUR, HOUR + 10_000, HOUR + 40_000]) {
            const unchoked = choker.decide(peers, seeding, now);
            expect(unchoked.size).toBe(Math.min(interested.length, slots + 1));
            for (const key of unchoked) expect(interested.some((p) => p.key === key)).toBe(true);
          }
        },
      ),
    );
  });

  it('gives the regular slots to the fastest: download rate when leeching, upload rate when seeding', () => {
    const peers = [
      peer('a', { downloadRate: 50, uploadRate: 1 }),
      peer('b', { downloadRate: 40, uploadRate: 2 }),
      peer('c', { downloadRate: 30, uploadRate: 30 }),
      peer('d', { downloadRate: 20, uploadRate: 40 }),
      peer('e', { downloadRate: 10, uploadRate: 50 }),
      peer('fast-but-not-interested', { downloadRate: 99, uploadRate: 99, interested: false }),
    ];
    const leeching = new Choker({ slots: 2, random: () => 0 }).decide(peers, false, HOUR);
    expect([...leeching].slice(0, 2)).toEqual(['a', 'b']);
    expect(leeching.size).toBe(3);
    const seeding = new Choker({ slots: 2, random: () => 0 }).decide(peers, true, HOUR);
    expect([...seeding].slice(0, 2)).toEqual(['e', 'd']);
  });

  it('ranks snubbed peers last when leeching, and keeps ties with whoever is unchoked already', () => {
    const choker = new Choker({ slots: 1, random: prng(3) });
    const snubbed = [peer('fast', { downloadRate: 100, snubbed: true }), peer('slow', { downloadRate: 1 })];
    expect([...choker.decide(snubbed, false, HOUR)][0]).toBe('slow');
    const tied = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => peer(k));
    const first = [...choker.decide(tied, false, HOUR)][0];
    for (let t = 1; t <= 20; t++) expect([...choker.decide(tied, false, HOUR + t * 10_000)][0]).toBe(first);
  });

  it('keeps the optimistic unchoke for 30 s, then rotates it to another peer', () => {
    const peers = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => peer(k, { downloadRate: 100 - i }));
    const choker = new Choker({ slots: 2, random: prng(9) });
    const optimisticAt = (now: number) => [...choker.decide(peers, false, now)].filter((k) => k !== 'a' && k !== 'b');
    const first = optimisticAt(HOUR);
    expect(first).toHaveLength(1);
    expect(optimisticAt(HOUR + 10_000)).toEqual(first);
    expect(optimisticAt(HOUR + 29_999)).toEqual(first);
    const next = optimisticAt(HOUR + 30_000);
    expect(next).toHaveLength(1);
    expect(next).not.toEqual(first);
    expect(optimisticAt(HOUR + 40_000)).toEqual(next);
  });

  it('draws a new optimistic at once when the current one leaves or loses interest', () => {
    const peers = ['a', 'b', 'c', 'd'].map((k, i) => peer(k, { downloadRate: 10 - i }));
    const choker = new Choker({ slots: 1, random: prng(5) });
    const optimistic = [...choker.decide(peers, false, HOUR)].find((k) => k !== 'a')!;
    const rest = peers.map((p) => (p.key === optimistic ? { ...p, interested: false } : p));
    const after = [...choker.decide(rest, false, HOUR + 1000)];
    expect(after).toHaveLength(2);
    expect(after).not.toContain(optimistic);
  });

  it('makes newly connected peers three times as likely to be the optimistic unchoke', () => {
    const random = prng(11);
    const wins = new Map<string, number>();
    const rounds = 4000;
    for (let r = 0; r < rounds; r++) {
      // A fresh choker each time: the first draw, with no current optimistic to rotate away from.
      const choker = new Choker({ slots: 0, random });
      const now = HOUR + r;
      const peers = [peer('new', { connectedAt: now - 44_000 }), peer('old1', { connectedAt: now - 45_000 })];
      peers.push(peer('old2'), peer('old3'));
      const [chosen] = [...choker.decide(peers, false, now)];
      wins.set(chosen!, (wins.get(chosen!) ?? 0) + 1);
    }
    // Weights 3, 1, 1, 1: the newcomer half the time, each old peer a sixth.
    expect(wins.get('new')! / rounds).toBeGreaterThan(0.46);
    expect(wins.get('new')! / rounds).toBeLessThan(0.54);
    for (const old of ['old1', 'old2', 'old3']) {
      expect(wins.get('new')! / wins.get(old)!).toBeGreaterThan(2.5);
      expect(wins.get('new')! / wins.get(old)!).toBeLessThan(3.5);
    }
  });

  it('refuses a bad slot count', () => {
    expect(() => new Choker({ slots: -1 })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(() => new Choker({ slots: 1.5 })).toThrow(expect.objectContaining({ code: 'bad-option' }));
    expect(new Choker().decide([], false, 0).size).toBe(0);
  });
});
