import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announce, TrackerClientError, type AnnounceParams } from '../../core/engine/tracker-client/index.js';
import { encode } from '../../core/protocol/bencode.js';
import type { RunningTracker } from '../../tracker/server.js';
import { ScriptedHttpTracker, ScriptedUdpTracker } from '../helpers/fake-trackers.js';
import { rejectionOf } from '../helpers/rejection.js';
import { id20, startTestTracker } from '../helpers/tracker.js';

let tracker: RunningTracker;
let scripted: ScriptedHttpTracker;

beforeAll(async () => {
  tracker = await startTestTracker({ interval: 900, minInterval: 300 });
  scripted = await ScriptedHttpTracker.start();
});

afterAll(async () => {
  await scripted.close();
  await tracker.close();
});

function params(infoHash: Uint8Array, port: number, overrides: Partial<AnnounceParams> = {}): AnnounceParams {
  return {
    infoHash,
    peerId: id20('-SH0100-', port),
    port,
    uploaded: 0,
    downloaded: 0,
    left: 100,
    event: 'started',
    numwant: 50,
    key: 0x1234abcd,
    ...overrides,
  };
}

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, TrackerClientError);

describe('announce to the real Shoal tracker', () => {
  const urls = {
    http: () => `http://127.0.0.1:${tracker.httpPort}/announce`,
    udp: () => `udp://127.0.0.1:${tracker.udpPort!}/announce`,
  };

  it.each(['http', 'udp'] as const)('over %s returns the other peer and the counts', async (scheme) => {
    const hash = id20(`announce-${scheme}`);
    const url = urls[scheme]();
    const first = await announce(url, params(hash, 7001, { left: 0 }), { timeoutMs: 3000 });
    expect(first).toMatchObject({ intervalSeconds: 900, complete: 1, incomplete: 0, peers: [] });
    const second = await announce(url, params(hash, 7002), { timeoutMs: 3000 });
    expect(second).toMatchObject({ intervalSeconds: 900, complete: 1, incomplete: 1 });
    expect(second.peers).toEqual([{ ip: '127.0.0.1', port: 7001 }]);
    if (scheme === 'http') expect(second.minIntervalSeconds).toBe(300);
  });

  it.each([
    ['a 19-byte info hash', { infoHash: new Uint8Array(19) }],
    ['port 0', { port: 0 }],
    ['a negative left', { left: -1 }],
    ['a fractional uploaded', { uploaded: 1.5 }],
    ['a key over 32 bits', { key: 2 ** 32 }],
    ['an unknown event', { event: 'paused' as never }],
  ])('refuses %s before sending anything', async (_name, overrides) => {
    const before = scripted.announces.length;
    const error = await rejection(announce(scripted.url(), params(id20('bad'), 7003, overrides)));
    expect(error.code).toBe('bad-request');
    expect(scripted.announces.length).toBe(before);
  });

  it.each([
    ['not a URL', 'nonsense'],
    ['a WebSocket tracker (announced to elsewhere)', 'ws://127.0.0.1:1/'],
    ['a UDP URL without a port', 'udp://127.0.0.1/announce'],
  ])('refuses %s as bad-url', async (_name, url) => {
    expect((await rejection(announce(url, params(id20('bad'), 7004)))).code).toBe('bad-url');
  });
});

describe('announce over HTTP: what trackers really send', () => {
  it('accepts a minimal reply without complete/incomplete and sends key and left', async () => {
    scripted.answer = () => ({ body: encode({ interval: 1200, peers: Uint8Array.of(192, 0, 2, 1, 0x1a, 0xe1) }) });
    const reply = await announce(scripted.url(), params(id20('minimal'), 7005, { left: 42 }));
    expect(reply).toEqual({
      intervalSeconds: 1200,
      minIntervalSeconds: undefined,
      complete: undefined,
      incomplete: undefined,
      peers: [{ ip: '192.0.2.1', port: 6881 }],
      warning: undefined,
      trackerId: undefined,
    });
    expect(scripted.announces.at(-1)).toMatchObject({ left: 42, key: '1234ABCD', event: 'started', numwant: 50 });
  });

  it('passes on a warning message and a tracker id, and sends a tracker id given', async () => {
    scripted.answer = () => ({
      body: encode({ interval: 60, peers: new Uint8Array(0), 'warning message': 'upgrade', 'tracker id': 'T-42' }),
    });
    const reply = await announce(scripted.url(), params(id20('warned'), 7006, { trackerId: 'T-41' }));
    expect([reply.warning, reply.trackerId]).toEqual(['upgrade', 'T-42']);
    expect(scripted.announces.at(-1)?.trackerId).toBe('T-41');
  });

  it.each([
    ['not bencode', { body: 'garbage!!' }, 'bad-response'],
    ['an HTML page', { body: '<!doctype html><html><body>Tracker offline</body></html>' }, 'bad-response'],
    ['truncated bencode', { body: 'd8:intervali1800e5:peers12:abc' }, 'bad-response'],
    ['a reply without an interval', { body: 'd5:peers0:e' }, 'bad-response'],
    ['an HTTP 503', { status: 503, body: 'busy' }, 'tracker-failure'],
  ])('turns %s into %s', async (_name, answer, code) => {
    scripted.answer = () => answer;
    expect((await rejection(announce(scripted.url(), params(id20('garbage'), 7007)))).code).toBe(code);
  });

  it('reports a failure reason as tracker-failure with the reason', async () => {
    scripted.answer = () => ({ body: encode({ 'failure reason': 'unregistered torrent' }) });
    const error = await rejection(announce(scripted.url(), params(id20('refused'), 7008)));
    expect([error.code, error.message]).toEqual(['tracker-failure', expect.stringContaining('unregistered torrent')]);
  });

  it('gives up on a tracker that never answers, within the budget', async () => {
    scripted.answer = () => 'hang';
    const started = Date.now();
    const error = await rejection(announce(scripted.url(), params(id20('hang'), 7009), { timeoutMs: 200 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('announce over UDP: the BEP 15 exchange', () => {
  let udp: ScriptedUdpTracker;

  beforeAll(async () => {
    udp = await ScriptedUdpTracker.start();
  });

  afterAll(() => udp.close());

  it('reuses a connection id for the next announce within 60 s', async () => {
    const first = await announce(udp.url, params(id20('reuse'), 7010), { timeoutMs: 2000 });
    expect(first).toEqual({
      intervalSeconds: 120,
      complete: 4,
      incomplete: 3,
      peers: [{ ip: '10.0.0.7', port: 6881 }],
    });
    await announce(udp.url, params(id20('reuse'), 7010, { event: 'none' }), { timeoutMs: 2000 });
    expect([udp.connects, udp.announces]).toEqual([1, 2]);
  });

  it('connects afresh when the tracker refuses a connection id it gave earlier', async () => {
    const before = { connects: udp.connects, announces: udp.announces };
    udp.forgetIds();
    await announce(udp.url, params(id20('reuse'), 7010, { event: 'none' }), { timeoutMs: 2000 });
    expect([udp.connects - before.connects, udp.announces - before.announces]).toEqual([1, 1]);
  });

  it('connects afresh after one unanswered try when the tracker silently drops a forgotten id', async () => {
    const before = { connects: udp.connects, announces: udp.announces };
    udp.forgetIds();
    udp.silentOnUnknownId = true;
    try {
      // A 1.4 s budget scales BEP 15's 15, 30, 60 s down to 0.2, 0.4, 0.8 s: the stale id costs 0.2 s.
      const started = Date.now();
      await announce(udp.url, params(id20('reuse'), 7010, { event: 'none' }), { timeoutMs: 1400 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(180);
      expect([udp.connects - before.connects, udp.announces - before.announces]).toEqual([1, 1]);
    } finally {
      udp.silentOnUnknownId = false;
    }
  });

  it('retransmits lost packets on the scaled BEP 15 schedule', async () => {
    const lossy = await ScriptedUdpTracker.start();
    try {
      lossy.drop = 2;
      const started = Date.now();
      await announce(lossy.url, params(id20('lossy'), 7011), { timeoutMs: 1400 });
      // The connect was sent three times: after waits of 0.2 and 0.4 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(580);
      expect([lossy.connects, lossy.announces]).toEqual([1, 1]);
    } finally {
      await lossy.close();
    }
  });

  it('gives up within the budget when the tracker never answers', async () => {
    const mute = await ScriptedUdpTracker.start();
    try {
      mute.drop = Infinity;
      const started = Date.now();
      const error = await rejection(announce(mute.url, params(id20('mute'), 7013), { timeoutMs: 300 }));
      expect(error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await mute.close();
    }
  });

  it('turns an error packet and garbage into tracker-failure and bad-response', async () => {
    const fake = createSocket('udp4');
    await new Promise<void>((resolve) => fake.bind(0, '127.0.0.1', resolve));
    let reply: (packet: Buffer) => Buffer = () => Buffer.alloc(0);
    fake.on('message', (packet, from) => fake.send(reply(packet), from.port, from.address));
    const url = `udp://127.0.0.1:${fake.address().port}`;
    try {
      reply = (packet) => Buffer.concat([Buffer.from([0, 0, 0, 3]), packet.subarray(12, 16), Buffer.from('banned')]);
      const refused = await rejection(announce(url, params(id20('udp-bad'), 7012), { timeoutMs: 2000 }));
      expect([refused.code, refused.message]).toEqual(['tracker-failure', expect.stringContaining('banned')]);
      reply = (packet) => Buffer.concat([Buffer.from([0, 0, 0, 0]), packet.subarray(12, 16), Buffer.from([1])]);
      expect((await rejection(announce(url, params(id20('udp-bad'), 7012), { timeoutMs: 2000 }))).code).toBe(
        'bad-response',
      );
    } finally {
      fake.close();
    }
  });
});
