import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PeerArena } from '../../tracker/peer-arena.js';
import { PeerTable } from '../../tracker/peer-table.js';
import { SwarmStore, type PeerAnnounce } from '../../tracker/swarm-store.js';
import { id20 } from '../helpers/tracker.js';

const HASH = String.fromCharCode(...id20('torrent'));
const v4 = (n: number) => Uint8Array.of(10, 0, n >> 8, n & 0xff);

function announce(n: number, over: Partial<PeerAnnounce> = {}): PeerAnnounce {
  return {
    infoHash: HASH,
    ip: v4(n),
    port: 6000 + n,
    peerId: id20('-TR3000-', n),
    left: 100,
    event: 'none',
    numwant: 50,
    bothFamilies: true,
    withPeerIds: false,
    ...over,
  };
}

function compactPorts(bytes: Uint8Array, width: number): number[] {
  const ports: number[] = [];
  for (let at = 0; at < bytes.length; at += width) ports.push((bytes[at + width - 2]! << 8) | bytes[at + width - 1]!);
  return ports.sort((a, b) => a - b);
}

describe('SwarmStore', () => {
  it('never returns the announcing peer, and returns everyone else', () => {
    const store = new SwarmStore(200);
    for (let i = 0; i < 10; i++) store.announce(announce(i), 1000);
    const r = store.announce(announce(3), 1001);
    const ports = compactPorts(r.peers, 6);
    expect(ports).toHaveLength(9);
    expect(ports).not.toContain(6003);
    expect(r).toMatchObject({ complete: 0, incomplete: 10 });
  });

  it('counts seeders, leechers and completed; a repeated completed counts once', () => {
    const store = new SwarmStore(200);
    store.announce(announce(1), 1000);
    store.announce(announce(2, { left: 0, event: 'completed' }), 1000);
    store.announce(announce(2, { left: 0, event: 'completed' }), 1001);
    expect(store.scrape(HASH)).toEqual({ complete: 1, incomplete: 1, downloaded: 1 });
    store.announce(announce(1, { left: 0 }), 1002);
    expect(store.scrape(HASH)).toEqual({ complete: 2, incomplete: 0, downloaded: 1 });
  });

  it('identifies a peer by address and port: a stolen peer id cannot evict its owner', () => {
    const store = new SwarmStore(200);
    store.announce(announce(1), 1000);
    store.announce(announce(2, { peerId: id20('-TR3000-', 1), event: 'stopped' }), 1000);
    expect(store.scrape(HASH).incomplete).toBe(1);
    store.announce(announce(1, { event: 'stopped' }), 1000);
    expect(store.scrape(HASH).incomplete).toBe(0);
  });

  it('keeps IPv6 peers in peers6; UDP-style announces get only their own family', () => {
    const store = new SwarmStore(200);
    const ip6 = Uint8Array.of(0x20, 1, 0xd, 0xb8, ...new Array<number>(11).fill(0), 9);
    store.announce(announce(1), 1000);
    store.announce(announce(2, { ip: ip6 }), 1000);
    const both = store.announce(announce(3), 1000);
    expect(compactPorts(both.peers, 6)).toEqual([6001]);
    expect(compactPorts(both.peers6, 18)).toEqual([6002]);
    const own = store.announce(announce(3, { bothFamilies: false }), 1000);
    expect(own.peers6.length).toBe(0);
  });

  it('returns peer ids in the same order as the peers', () => {
    const store = new SwarmStore(200);
    for (let i = 0; i < 5; i++) store.announce(announce(i), 1000);
    const r = store.announce(announce(9, { withPeerIds: true }), 1000);
    for (let k = 0; k < 5; k++) {
      const port = (r.peers[6 * k + 4]! << 8) | r.peers[6 * k + 5]!;
      expect(String.fromCharCode(...r.peerIds!.subarray(20 * k, 20 * k + 20))).toBe(
        String.fromCharCode(...id20('-TR3000-', port - 6000)),
      );
    }
  });

  it('respects numwant and the cap', () => {
    const store = new SwarmStore(20);
    for (let i = 0; i < 100; i++) store.announce(announce(i), 1000);
    expect(store.announce(announce(0, { numwant: 7 }), 1000).peers.length).toBe(7 * 6);
    expect(store.announce(announce(0, { numwant: 1000 }), 1000).peers.length).toBe(20 * 6);
  });

  it('lists at most maxPeersPerAddress peers of one address; the rest are answered, not listed', () => {
    const store = new SwarmStore(200, { maxPeersPerAddress: 3 });
    const attacker = v4(700);
    for (let i = 0; i < 10; i++) store.announce(announce(i), 1000);
    for (let port = 1; port <= 1000; port++) store.announce(announce(700, { ip: attacker, port }), 1000);
    expect(store.totals().peers).toBe(10 + 3);
    expect(store.unlisted).toBe(1000 - 3);
    const capped = store.announce(announce(700, { ip: attacker, port: 2000 }), 1000);
    expect(compactPorts(capped.peers, 6)).toHaveLength(store.totals().peers);
    const honest = store.announce(announce(50), 1000);
    expect(compactPorts(honest.peers, 6)).toHaveLength(store.totals().peers - 1);
    expect(store.scrape(HASH).incomplete).toBe(store.totals().peers);
  });

  it('counts an IPv6 address with its /64 for the cap', () => {
    const store = new SwarmStore(200, { maxPeersPerAddress: 2 });
    const in64 = (last: number) => Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, last);
    for (let i = 1; i <= 5; i++) store.announce(announce(i, { ip: in64(i) }), 1000);
    store.announce(
      announce(9, { ip: Uint8Array.of(0x20, 1, 0xd, 0xb8, 0, 0, 0, 2, ...new Array<number>(8).fill(0)) }),
      1000,
    );
    expect(store.totals().peers).toBe(3);
  });

  it('expires peers not seen since the cutoff, and drops empty swarms', () => {
    const store = new SwarmStore(200);
    for (let i = 0; i < 40; i++) store.announce(announce(i), i < 30 ? 1000 : 2000);
    expect(store.expire(1500)).toEqual({ peers: 30, torrents: 0 });
    expect(store.totals()).toMatchObject({ torrents: 1, peers: 10 });
    expect(store.expire(3000)).toEqual({ peers: 10, torrents: 1 });
    expect(store.totals().torrents).toBe(0);
  });
});

describe('PeerTable (chained records in a shared arena, open-addressing index)', () => {
  it('agrees with a Map model under random inserts, updates and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 800 }), (ops) => {
        const table = new PeerTable(new PeerArena(4));
        const model = new Map<number, boolean>();
        for (const [add, n] of ops) {
          const slot = table.find(v4(n), 1000 + n);
          expect(slot >= 0).toBe(model.has(n));
          if (add) {
            const seeder = n % 3 === 0;
            if (slot < 0) table.insert(v4(n), 1000 + n, id20('p', n), seeder, 1);
            else table.update(slot, id20('p', n), seeder, 1);
            model.set(n, seeder);
          } else if (slot >= 0) {
            table.remove(slot);
            model.delete(n);
          }
        }
        expect(table.count).toBe(model.size);
        expect(table.seeders).toBe([...model.values()].filter(Boolean).length);
        for (const n of model.keys()) expect(table.find(v4(n), 1000 + n)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 50 },
    );
  });

  it('counts the peers of an address as a Map model does, indexed or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 40 })), {
          maxLength: 400,
        }),
        (ops) => {
          const table = new PeerTable(new PeerArena(4));
          const model = new Map<number, Set<number>>();
          for (const [add, host, port] of ops) {
            const slot = table.find(v4(host), port);
            const ports = model.get(host) ?? new Set<number>();
            if (add && slot < 0) table.insert(v4(host), port, id20('p', port), false, 1);
            if (!add && slot >= 0) table.remove(slot);
            if (add) ports.add(port);
            else ports.delete(port);
            model.set(host, ports);
            expect(table.countNetwork(v4(host))).toBe(ports.size);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('draws a hash seed per arena, so colliding addresses cannot be chosen in advance', () => {
    expect(new PeerArena(4).seed).not.toBe(new PeerArena(4).seed);
  });

  it('reuses freed records for any swarm after expiry', () => {
    const arena = new PeerArena(16);
    const big = new PeerTable(arena);
    for (let i = 0; i < 1000; i++)
      big.insert(new Uint8Array(16).fill(i & 0xff), i + 1, id20('p', i), false, i < 990 ? 1 : 5);
    expect(big.expire(3)).toBe(990);
    expect(big.find(new Uint8Array(16).fill(995 & 0xff), 996)).toBeGreaterThanOrEqual(0);
    const other = new PeerTable(arena);
    for (let i = 0; i < 500; i++) other.insert(new Uint8Array(16), i + 1, id20('q', i), false, 5);
    expect(arena.allocated).toBe(1000);
    expect(arena.live).toBe(510);
  });

  it('rotates reply windows through a large swarm', () => {
    const table = new PeerTable(new PeerArena(4));
    for (let i = 0; i < 100; i++) table.insert(v4(i), 1000 + i, id20('p', i), false, 1);
    const seen = new Set<number>();
    const out = new Uint8Array(50 * 6);
    for (let round = 0; round < 2; round++) {
      expect(table.copyPeers(out, 0, null, 0, 50, -1)).toBe(50);
      for (let k = 0; k < 50; k++) seen.add((out[6 * k + 4]! << 8) | out[6 * k + 5]!);
    }
    expect(seen.size).toBe(100);
  });
});
