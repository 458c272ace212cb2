import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { id, offers, startWsTracker, TestSocket, type RunningWsTracker } from '../helpers/ws-tracker.js';

const HASH = id('h');
let running: RunningWsTracker;
let sockets: TestSocket[];

async function open(): Promise<TestSocket> {
  const socket = await TestSocket.open(running.url);
  sockets.push(socket);
  return socket;
}

/** Opens a socket and announces `peerId` (as a leecher unless left is 0) with no offers. */
async function joined(peerId: string, left = 100): Promise<TestSocket> {
  const socket = await open();
  socket.send({ action: 'announce', info_hash: HASH, peer_id: peerId, event: 'started', left, offers: [] });
  expect((await socket.next()).action).toBe('announce');
  return socket;
}

async function scrape(infoHash = HASH): Promise<Record<string, unknown>> {
  const socket = await open();
  socket.send({ action: 'scrape', info_hash: [infoHash] });
  const reply = await socket.next();
  socket.close();
  return (reply.files as Record<string, Record<string, unknown>>)[infoHash]!;
}

beforeEach(async () => {
  running = await startWsTracker();
  sockets = [];
});

afterEach(async () => {
  for (const socket of sockets) socket.close();
  await running.stop();
});

describe('WebSocket tracker: signalling', () => {
  it('relays an offer to another peer and its answer back to the offerer only', async () => {
    const b = await joined(id('b'));
    const a = await open();
    a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), left: 5, numwant: 1, offers: offers(1, 'a') });
    expect(await a.next()).toEqual({ action: 'announce', info_hash: HASH, interval: 120, complete: 0, incomplete: 2 });
    const offer = await b.next();
    expect(offer).toEqual({
      action: 'announce',
      info_hash: HASH,
      peer_id: id('a'),
      offer: offers(1, 'a')[0]!.offer,
      offer_id: offers(1, 'a')[0]!.offer_id,
    });
    const answer = { type: 'answer', sdp: 'v=0 answer' };
    b.send({
      action: 'announce',
      info_hash: HASH,
      peer_id: id('b'),
      to_peer_id: id('a'),
      answer,
      offer_id: offer.offer_id,
    });
    expect(await a.next()).toEqual({
      action: 'announce',
      info_hash: HASH,
      peer_id: id('b'),
      answer,
      offer_id: offer.offer_id,
    });
    expect(await b.drain()).toEqual([]);
  });

  it('sends each offer to a different peer and never back to the announcer', async () => {
    const others = await Promise.all([id('b'), id('c'), id('d')].map((p) => joined(p)));
    const a = await open();
    a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), left: 5, offers: offers(5, 'a') });
    await a.next();
    const received = await Promise.all(others.map((s) => s.drain()));
    expect(received.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(await a.drain(50)).toEqual([]);
  });

  it('keeps peers of different torrents apart', async () => {
    const b = await joined(id('b'));
    const a = await open();
    a.send({ action: 'announce', info_hash: id('x'), peer_id: id('a'), left: 5, offers: offers(3, 'a') });
    expect((await a.next()).incomplete).toBe(1);
    expect(await b.drain()).toEqual([]);
  });

  it('counts seeders, leechers and completions (a completion once per peer)', async () => {
    const seeder = await joined(id('s'), 0);
    const leecher = await joined(id('l'), 10);
    for (let i = 0; i < 2; i++) {
      leecher.send({ action: 'announce', info_hash: HASH, peer_id: id('l'), event: 'completed', left: 0 });
      await leecher.next();
    }
    expect(await scrape()).toEqual({ complete: 2, incomplete: 0, downloaded: 1 });
    expect(running.tracker.scrape(Buffer.from(HASH, 'latin1').toString('hex'))).toEqual({
      complete: 2,
      incomplete: 0,
      downloaded: 1,
    });
    expect(running.tracker.stats()).toMatchObject({ torrents: 1, peers: 2, seeders: 2, leechers: 0 });
    seeder.send({ action: 'announce', info_hash: HASH, peer_id: id('s'), event: 'stopped' });
    expect(await seeder.next()).toMatchObject({ action: 'announce', complete: 1, incomplete: 0 });
  });

  it('scrapes unknown torrents as zeros and several at once', async () => {
    await joined(id('b'));
    const s = await open();
    s.send({ action: 'scrape', info_hash: [HASH, id('z')] });
    expect(await s.next()).toEqual({
      action: 'scrape',
      files: {
        [HASH]: { complete: 0, incomplete: 1, downloaded: 0 },
        [id('z')]: { complete: 0, incomplete: 0, downloaded: 0 },
      },
    });
  });

  it('removes a closed socket’s peers from their swarms at once', async () => {
    const b = await joined(id('b'));
    await joined(id('c'));
    b.close();
    await b.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await scrape()).toMatchObject({ incomplete: 1 });
  });

  it('sweeps out peers that stop announcing while their socket stays open', async () => {
    await running.stop();
    running = await startWsTracker({ peerTimeoutSeconds: 0.3 });
    await joined(id('b'));
    expect(await scrape()).toMatchObject({ incomplete: 1 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await scrape()).toMatchObject({ incomplete: 0 });
    expect(running.tracker.stats().torrents).toBe(0);
  });

  it('drops a socket that stops answering pings, and its peers with it', async () => {
    await running.stop();
    running = await startWsTracker({ keepAliveSeconds: 0.2 });
    const alive = await joined(id('a'));
    const dead = await TestSocket.open(running.url, { autoPong: false });
    sockets.push(dead);
    dead.send({ action: 'announce', info_hash: HASH, peer_id: id('d'), offers: [] });
    await dead.next();
    expect((await dead.closed).code).toBe(1006);
    expect(await scrape()).toMatchObject({ incomplete: 1 });
    alive.send({ action: 'scrape', info_hash: HASH });
    expect(await alive.next()).toMatchObject({ action: 'scrape' });
  });

  it('closes every socket with 1001 on close(), and close() twice is safe', async () => {
    const b = await joined(id('b'));
    await running.tracker.close();
    expect((await b.closed).code).toBe(1001);
  });
});

describe('WebSocket tracker: hostile input', () => {
  const failure = (reason: RegExp, extra: Record<string, unknown> = {}) => ({
    'failure reason': expect.stringMatching(reason),
    ...extra,
  });

  it.each([
    ['invalid JSON', '{"action": "announce", ', failure(/not valid JSON/)],
    ['a JSON array', '[1,2]', failure(/must be a JSON object/)],
    ['an unknown action', { action: 'dump', info_hash: HASH }, failure(/unknown action "dump"/)],
    [
      'a short info_hash',
      { action: 'announce', info_hash: 'abc', peer_id: id('a') },
      failure(/info_hash must be a 20-byte/, { action: 'announce' }),
    ],
    [
      'a non-byte info_hash',
      { action: 'announce', info_hash: 'ħ'.repeat(20), peer_id: id('a') },
      failure(/info_hash/, { action: 'announce' }),
    ],
    [
      'a 21-char peer_id',
      { action: 'announce', info_hash: HASH, peer_id: 'p'.repeat(21) },
      failure(/peer_id must be/, { action: 'announce', info_hash: HASH }),
    ],
    [
      'an unknown event',
      { action: 'announce', info_hash: HASH, peer_id: id('a'), event: 'boom' },
      failure(/event must be/, { action: 'announce', info_hash: HASH }),
    ],
    [
      'malformed offers',
      { action: 'announce', info_hash: HASH, peer_id: id('a'), offers: [{ offer: 'x', offer_id: id('o') }] },
      failure(/offers must be/, { action: 'announce', info_hash: HASH }),
    ],
    [
      'an answer without to_peer_id',
      { action: 'announce', info_hash: HASH, peer_id: id('a'), answer: { type: 'answer', sdp: '' }, offer_id: id('o') },
      failure(/to_peer_id/, { action: 'announce', info_hash: HASH }),
    ],
    ['a scrape naming no info hash', { action: 'scrape' }, failure(/at least one info_hash/, { action: 'scrape' })],
    [
      'a scrape with an empty list',
      { action: 'scrape', info_hash: [] },
      failure(/at least one info_hash/, { action: 'scrape' }),
    ],
  ])('answers %s with a failure reason and keeps serving', async (_name, message, expected) => {
    const bad = await open();
    bad.send(message);
    expect(await bad.next()).toEqual(expected);
    const good = await joined(id('g'));
    good.send({ action: 'scrape', info_hash: HASH });
    expect(await good.next()).toMatchObject({ action: 'scrape' });
    bad.send({ action: 'scrape', info_hash: HASH });
    expect(await bad.next()).toMatchObject({ action: 'scrape' });
  });

  it('refuses binary frames with a failure reason', async () => {
    const bad = await open();
    bad.ws.send(Buffer.from(JSON.stringify({ action: 'scrape', info_hash: HASH })));
    expect(await bad.next()).toEqual({ 'failure reason': expect.stringMatching(/binary frames/) });
  });

  it('closes a socket that sends an oversize frame with 1009 and serves the others', async () => {
    await running.stop();
    running = await startWsTracker({ maxMessageBytes: 4096 });
    const good = await joined(id('g'));
    const bad = await open();
    bad.send({
      action: 'announce',
      info_hash: HASH,
      peer_id: id('a'),
      offers: [{ offer: { type: 'offer', sdp: 'x'.repeat(5000) }, offer_id: id('o') }],
    });
    expect((await bad.closed).code).toBe(1009);
    good.send({ action: 'scrape', info_hash: HASH });
    expect(await good.next()).toMatchObject({ files: { [HASH]: { incomplete: 1 } } });
  });

  it('relays at most 10 offers per announce', async () => {
    const others = await Promise.all(Array.from({ length: 12 }, (_, i) => joined(id('p', i))));
    const a = await open();
    a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), offers: offers(12, 'a') });
    await a.next();
    const received = await Promise.all(others.map((s) => s.drain()));
    expect(received.flat()).toHaveLength(10);
  });

  it('caps offers per second per socket and says so', async () => {
    await running.stop();
    running = await startWsTracker({ maxOffersPerSecond: 10 });
    const b = await joined(id('b'));
    const a = await open();
    for (let i = 0; i < 30; i++)
      a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), offers: offers(1, 'a') });
    const replies = [];
    for (let i = 0; i < 30; i++) replies.push(await a.next());
    const relayed = await b.drain(200);
    expect(relayed.length).toBeGreaterThanOrEqual(20);
    expect(relayed.length).toBeLessThan(25);
    expect(replies.filter((r) => r['warning message'] !== undefined).length).toBe(30 - relayed.length);
  });
});

describe('WebSocket tracker: hijack attempts', () => {
  it('refuses `stopped` for a peer id owned by another socket; the peer stays', async () => {
    const victim = await joined(id('v'));
    const thief = await open();
    thief.send({ action: 'announce', info_hash: HASH, peer_id: id('v'), event: 'stopped' });
    expect(await thief.next()).toEqual({
      'failure reason': 'peer_id is in use by another connection',
      action: 'announce',
      info_hash: HASH,
    });
    expect(await scrape()).toMatchObject({ incomplete: 1 });
    const a = await open();
    a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), offers: offers(1, 'a') });
    await a.next();
    expect(await victim.next()).toMatchObject({ peer_id: id('a') });
  });

  it('refuses a re-announce that takes over another socket’s peer id', async () => {
    await joined(id('v'));
    const thief = await open();
    thief.send({ action: 'announce', info_hash: HASH, peer_id: id('v'), left: 0, offers: [] });
    expect(await thief.next()).toMatchObject({ 'failure reason': 'peer_id is in use by another connection' });
    expect(await scrape()).toMatchObject({ complete: 0, incomplete: 1 });
  });

  it('refuses an answer sent with someone else’s peer id', async () => {
    const b = await joined(id('b'));
    const thief = await joined(id('t'));
    const a = await open();
    a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), offers: offers(2, 'a') });
    await a.next();
    const offer = await b.next();
    await thief.drain();
    thief.send({
      action: 'announce',
      info_hash: HASH,
      peer_id: id('b'),
      to_peer_id: id('a'),
      answer: { type: 'answer', sdp: 'evil' },
      offer_id: offer.offer_id,
    });
    expect(await thief.next()).toMatchObject({
      'failure reason': 'peer_id is in use by another connection',
      action: 'announce',
    });
    expect(await a.drain()).toEqual([]);
  });

  it('refuses answers for offers never routed, routed elsewhere, or already answered', async () => {
    const b = await joined(id('b'));
    const c = await joined(id('c'));
    const a = await open();
    a.send({ action: 'announce', info_hash: HASH, peer_id: id('a'), offers: offers(1, 'a') });
    await a.next();
    const [toB, toC] = [await b.drain(), await c.drain()];
    const [routedTo, other] = toB.length === 1 ? [b, c] : [c, b];
    const [routedId, otherId] = toB.length === 1 ? [id('b'), id('c')] : [id('c'), id('b')];
    const offerId = ((toB[0] ?? toC[0]) as Record<string, string>).offer_id!;
    const answerFrom = (peerId: string, offer_id: string) => ({
      action: 'announce',
      info_hash: HASH,
      peer_id: peerId,
      to_peer_id: id('a'),
      answer: { type: 'answer', sdp: 'x' },
      offer_id,
    });
    const notRouted = {
      'failure reason': expect.stringMatching(/not relayed to this peer/),
      action: 'announce',
      info_hash: HASH,
    };

    other.send(answerFrom(otherId, offerId));
    expect(await other.next()).toEqual(notRouted);
    routedTo.send(answerFrom(routedId, id('n')));
    expect(await routedTo.next()).toEqual(notRouted);
    routedTo.send(answerFrom(routedId, offerId));
    expect(await a.next()).toMatchObject({ peer_id: routedId, offer_id: offerId });
    routedTo.send(answerFrom(routedId, offerId));
    expect(await routedTo.next()).toEqual(notRouted);
    expect(await a.drain()).toEqual([]);
  });
});
