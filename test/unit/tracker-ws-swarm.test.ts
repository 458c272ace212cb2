import { describe, expect, it } from 'vitest';
import { parseWsClientMessage, type WsClientRequest } from '../../core/protocol/tracker/ws-server.js';
import { OfferBudget } from '../../tracker/ws/offer-budget.js';
import { WsSwarmRegistry } from '../../tracker/ws/ws-swarm.js';

/** The pure core, driven with plain objects as connections and a clock the test sets. */
type Conn = { name: string };
const HASH = 'h'.repeat(20);
const id = (c: string) => c.repeat(20);

const LIMITS = { maxPeerIdsPerConn: 8, maxTorrentsPerConn: 256 };

function setup(options: { peerTimeoutMs?: number; offersPerSecond?: number } = {}) {
  const sent: { to: string; message: Record<string, unknown> }[] = [];
  const registry = new WsSwarmRegistry<Conn>({
    intervalSeconds: 120,
    peerTimeoutMs: options.peerTimeoutMs ?? 60_000,
    offersPerSecond: options.offersPerSecond ?? 1000,
    ...LIMITS,
    outbox: {
      send: (conn, message) => sent.push({ to: conn.name, message: JSON.parse(message) as Record<string, unknown> }),
    },
  });
  const request = (message: object): WsClientRequest => parseWsClientMessage(JSON.stringify(message), 10);
  const announce = (conn: Conn, peer: string, now: number, extra: object = {}) =>
    registry.handle(conn, request({ action: 'announce', info_hash: HASH, peer_id: id(peer), left: 1, ...extra }), now);
  const offers = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({
      offer: { type: 'offer', sdp: 's' },
      offer_id: `${tag}${i}`.padEnd(20, '.'),
    }));
  const answer = (conn: Conn, peer: string, to: string, offerId: string, now: number) =>
    registry.handle(
      conn,
      request({
        action: 'announce',
        info_hash: HASH,
        peer_id: id(peer),
        to_peer_id: id(to),
        answer: { type: 'answer', sdp: 'x' },
        offer_id: offerId,
      }),
      now,
    );
  return { registry, sent, announce, offers, answer };
}

describe('WebRTC swarm registry', () => {
  it('expires peers that stopped announcing, and keeps the others', () => {
    const { registry, announce } = setup({ peerTimeoutMs: 1000 });
    announce({ name: 'a' }, 'a', 0);
    announce({ name: 'b' }, 'b', 800);
    registry.expire(1500);
    expect(registry.countsByHex(Buffer.from(HASH, 'latin1').toString('hex'))).toEqual({
      complete: 0,
      incomplete: 1,
      downloaded: 0,
    });
    registry.expire(5000);
    expect(registry.stats().torrents).toBe(0);
  });

  it('refuses an answer after the offer expired', () => {
    const { registry, announce, offers, answer, sent } = setup({ peerTimeoutMs: 600_000 });
    const b = { name: 'b' };
    announce(b, 'b', 0);
    announce({ name: 'a' }, 'a', 0, { offers: offers(1, 'x') });
    const offerId = sent.find((s) => s.to === 'b' && s.message.offer)!.message.offer_id as string;
    registry.expire(61_000);
    expect(() => answer(b, 'b', 'a', offerId, 61_000)).toThrow(
      expect.objectContaining({ code: 'ws-answer-not-routed' }),
    );
  });

  it('sends no offer back to the announcer in a swarm of one', () => {
    const { announce, offers, sent } = setup();
    announce({ name: 'a' }, 'a', 0, { offers: offers(5, 'x') });
    expect(sent.map((s) => s.to)).toEqual(['a']);
  });

  it('lets one socket carry several peer ids, and drops them all when it closes', () => {
    const { registry, announce } = setup();
    const shared = { name: 'shared' };
    announce(shared, 'a', 0);
    announce(shared, 'b', 0, { left: 0 });
    expect(registry.stats()).toMatchObject({ peers: 2, seeders: 1, leechers: 1 });
    registry.disconnect(shared);
    expect(registry.stats()).toMatchObject({ torrents: 0, peers: 0 });
  });

  it('does not let an offerer displace another offerer’s pending offer with the same offer id', () => {
    const { announce, answer, sent } = setup();
    const b = { name: 'b' };
    announce(b, 'b', 0);
    const sameId = [{ offer: { type: 'offer', sdp: 's' }, offer_id: id('o') }];
    announce({ name: 'a' }, 'a', 0, { offers: sameId });
    announce({ name: 'c' }, 'c', 0, { offers: sameId });
    expect(sent.filter((s) => s.to === 'b' && s.message.offer).map((s) => s.message.peer_id)).toEqual([id('a')]);
    answer(b, 'b', 'a', id('o'), 1);
    expect(sent.at(-1)).toMatchObject({ to: 'a', message: { peer_id: id('b'), offer_id: id('o') } });
  });

  it('keeps a seeder a seeder when left is unknown, and counts a completion once', () => {
    const { registry, announce } = setup();
    const a = { name: 'a' };
    announce(a, 'a', 0, { left: 10 });
    announce(a, 'a', 1, { left: 0, event: 'completed' });
    announce(a, 'a', 2, { left: null, event: 'completed' });
    announce(a, 'a', 3, { left: null });
    expect(registry.stats()).toMatchObject({ seeders: 1, leechers: 0 });
    expect(registry.countsByHex(Buffer.from(HASH, 'latin1').toString('hex'))?.downloaded).toBe(1);
  });

  it('lists every WebRTC peer id for the client breakdown', () => {
    const { registry, announce } = setup();
    announce({ name: 'w' }, 'w', 0);
    announce({ name: 'x' }, 'x', 0);
    const ids: string[] = [];
    registry.forEachPeerId((peerId) => ids.push(peerId));
    expect(ids.sort()).toEqual([id('w'), id('x')]);
  });

  it('caps distinct peer ids per connection, counting one id in many torrents once', () => {
    const { registry } = setup();
    const conn = { name: 'c' };
    const join = (peerId: string, infoHash = HASH) =>
      registry.handle(
        conn,
        parseWsClientMessage(JSON.stringify({ action: 'announce', info_hash: infoHash, peer_id: peerId }), 10),
        0,
      );
    for (let i = 0; i < LIMITS.maxPeerIdsPerConn; i++) join(`peer-${i}`.padEnd(20, '.'));
    for (let t = 0; t < 5; t++) join('peer-0'.padEnd(20, '.'), `torrent-${t}`.padEnd(20, '.'));
    expect(() => join('one-too-many'.padEnd(20, '.'))).toThrow(
      expect.objectContaining({ code: 'ws-too-many-peer-ids', action: 'announce', infoHash: HASH }),
    );
    expect(registry.limited.peerIdsPerSocket).toBe(1);
    registry.handle(
      conn,
      parseWsClientMessage(
        JSON.stringify({ action: 'announce', info_hash: HASH, peer_id: 'peer-1'.padEnd(20, '.'), event: 'stopped' }),
        10,
      ),
      0,
    );
    expect(() => join('one-too-many'.padEnd(20, '.'))).not.toThrow();
  });

  it('caps the torrents one connection may be in', () => {
    const { registry } = setup();
    const conn = { name: 'c' };
    const join = (t: number) =>
      registry.handle(
        conn,
        parseWsClientMessage(
          JSON.stringify({ action: 'announce', info_hash: `t${t}`.padEnd(20, '.'), peer_id: id('p') }),
          10,
        ),
        0,
      );
    for (let t = 0; t < LIMITS.maxTorrentsPerConn; t++) join(t);
    expect(() => join(LIMITS.maxTorrentsPerConn)).toThrow(expect.objectContaining({ code: 'ws-too-many-torrents' }));
    expect(() => join(0)).not.toThrow();
    expect(registry.limited.torrentsPerSocket).toBe(1);
  });

  it('refuses torrents outside the access list', () => {
    const registry = new WsSwarmRegistry<Conn>({
      intervalSeconds: 120,
      peerTimeoutMs: 1000,
      offersPerSecond: 10,
      ...LIMITS,
      isAllowed: (hex) => hex === Buffer.from(id('k'), 'latin1').toString('hex'),
      outbox: { send: () => undefined },
    });
    const announce = (hash: string) =>
      registry.handle(
        { name: 'a' },
        parseWsClientMessage(JSON.stringify({ action: 'announce', info_hash: hash, peer_id: id('a') }), 10),
        0,
      );
    expect(() => announce(HASH)).toThrow(
      expect.objectContaining({ code: 'ws-not-allowed', action: 'announce', infoHash: HASH }),
    );
    expect(() => announce(id('k'))).not.toThrow();
  });
});

describe('offer budget', () => {
  it('grants a burst of twice the rate, then refills at the rate', () => {
    const budget = new OfferBudget(10, 0);
    expect(budget.take(15, 0)).toBe(15);
    expect(budget.take(15, 0)).toBe(5);
    expect(budget.take(15, 0)).toBe(0);
    expect(budget.take(15, 500)).toBe(5);
    expect(budget.take(100, 60_000)).toBe(20);
  });
});
