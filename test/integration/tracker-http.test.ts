import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../../core/protocol/bencode.js';
import {
  buildAnnounceQuery,
  buildScrapeQuery,
  decodeAnnounceResponse,
  decodeScrapeResponse,
  type AnnounceParams,
} from '../../core/protocol/tracker/http-client.js';
import type { RunningTracker } from '../../tracker/server.js';
import { httpGet, id20, startTestTracker } from '../helpers/tracker.js';
import { requireIpv6Loopback } from '../helpers/tools.js';

let tracker: RunningTracker;
beforeAll(async () => {
  tracker = await startTestTracker({ interval: 600, minInterval: 300, trustProxy: 0 });
});
afterAll(() => tracker.close());

const HASH = id20('http-torrent');
const announce = async (
  p: Partial<AnnounceParams> & { port: number },
  headers: Record<string, string> = {},
  host?: string,
) => {
  const reply = await httpGet(
    tracker.httpPort,
    `/announce?${buildAnnounceQuery({ infoHash: HASH, peerId: id20('-TR3000-', p.port), left: 10, ...p })}`,
    headers,
    host,
  );
  expect(reply.status).toBe(200);
  return decodeAnnounceResponse(reply.body);
};
const failureOf = async (path: string): Promise<string> => {
  const reply = await httpGet(tracker.httpPort, path);
  expect(reply.status).toBe(200);
  const dict = decode(reply.body) as Map<string, Uint8Array>;
  return new TextDecoder().decode(dict.get('failure reason'));
};

describe('HTTP announce over a real socket', () => {
  it('returns compact peers, counts and intervals, never the announcer itself', async () => {
    await announce({ port: 7001, event: 'started' });
    await announce({ port: 7002, left: 0, event: 'started' });
    const r = await announce({ port: 7003, event: 'started' });
    expect(r).toMatchObject({ interval: 600, minInterval: 300, complete: 1, incomplete: 2 });
    expect(r.peers.map((p) => `${p.ip}:${p.port}`).sort()).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
  });

  it('non-compact replies carry peer ids unless no_peer_id', async () => {
    const withIds = await announce({ port: 7003, compact: false });
    expect(withIds.peers.map((p) => String.fromCharCode(...p.peerId!)).sort()).toEqual([
      String.fromCharCode(...id20('-TR3000-', 7001)),
      String.fromCharCode(...id20('-TR3000-', 7002)),
    ]);
    const without = await announce({ port: 7003, compact: false, noPeerId: true });
    expect(without.peers).toHaveLength(2);
    expect(without.peers.every((p) => p.peerId === undefined)).toBe(true);
  });

  it.runIf(requireIpv6Loopback())('puts IPv6 peers in peers6 (BEP 7)', async () => {
    const infoHash = id20('v6-torrent');
    const server6 = await startTestTracker({ host: '::', noUdp: true });
    try {
      const get = (port: number, host: string) =>
        httpGet(
          server6.httpPort,
          `/announce?${buildAnnounceQuery({ infoHash, peerId: id20('p', port), port, left: 0 })}`,
          {},
          host,
        );
      await get(8001, '::1');
      await get(8002, '127.0.0.1');
      const r = decodeAnnounceResponse((await get(8003, '127.0.0.1')).body);
      expect(r.peers.map((p) => `${p.ip}:${p.port}`).sort()).toEqual(['127.0.0.1:8002', '::1:8001']);
      const raw = decode((await get(8004, '::1')).body) as Map<string, Uint8Array>;
      expect(raw.get('peers6')!.length).toBe(18);
      expect(raw.get('peers')!.length).toBe(6 * 2);
    } finally {
      await server6.close();
    }
  });

  it('stopped removes the peer; a scrape shows the counts (BEP 48)', async () => {
    await announce({ port: 7003, left: 0, event: 'completed' });
    await announce({ port: 7001, event: 'stopped' });
    const reply = await httpGet(tracker.httpPort, `/scrape?${buildScrapeQuery([HASH, id20('unknown')])}`);
    const files = decodeScrapeResponse(reply.body);
    expect(files.get(Buffer.from(HASH).toString('hex'))).toEqual({ complete: 2, incomplete: 0, downloaded: 1 });
    expect(files.get(Buffer.from(id20('unknown')).toString('hex'))).toEqual({
      complete: 0,
      incomplete: 0,
      downloaded: 0,
    });
  });
});

describe('hijack attempts over HTTP', () => {
  it("a stopped with another peer's peer id (from another port) does not evict it", async () => {
    const infoHash = id20('hijack');
    const victimId = id20('-qB4650-victim');
    const get = (peerId: Uint8Array, port: number, event?: 'stopped') =>
      httpGet(tracker.httpPort, `/announce?${buildAnnounceQuery({ infoHash, peerId, port, left: 5, event })}`);
    await get(victimId, 7301);
    await get(victimId, 7302, 'stopped');
    const r = decodeAnnounceResponse((await get(id20('observer'), 7303)).body);
    expect(r.peers).toEqual([{ ip: '127.0.0.1', port: 7301 }]);
    expect(r.incomplete).toBe(2);
  });
});

describe('hostile HTTP requests get a bencoded failure reason and the tracker keeps serving', () => {
  const q = (over: Record<string, string>) => {
    const base: Record<string, string> = {
      info_hash: '%80'.repeat(20),
      peer_id: '-qB4650-abcdefghijkl',
      port: '6881',
      uploaded: '0',
      downloaded: '0',
      left: '0',
      ...over,
    };
    return `/announce?${Object.entries(base)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}=${v}`)
      .join('&')}`;
  };

  it.each([
    ['short info_hash', q({ info_hash: 'abc' }), /info_hash must be 20 bytes, got 3/],
    ['long peer_id', q({ peer_id: 'x'.repeat(21) }), /peer_id must be 20 bytes, got 21/],
    ['missing info_hash', q({ info_hash: '' }), /missing info_hash/],
    ['zero port', q({ port: '0' }), /port must be a number from 1 to 65535/],
    ['huge port', q({ port: '70000' }), /port must be/],
    ['non-numeric left', q({ left: 'abc' }), /left must be a non-negative integer/],
    ['non-numeric downloaded', q({ downloaded: '1e5' }), /downloaded must be a non-negative integer/],
    ['unknown event', q({ event: 'explode' }), /unknown event "explode"/],
    ['bad escape', q({ info_hash: '%GG'.repeat(20) }), /malformed percent-escape/],
    ['scrape of nothing', '/scrape', /scrape needs at least one info_hash/],
    ['scrape of a short hash', '/scrape?info_hash=abc', /info_hash must be 20 bytes/],
  ])('%s', async (_name, path, reason) => {
    expect(await failureOf(path)).toMatch(reason);
  });

  it('caps a huge numwant rather than failing', async () => {
    const r = await announce({ port: 7010, numwant: 1e12 });
    expect(r.peers.length).toBeLessThanOrEqual(200);
  });

  it('still serves a normal announce afterwards', async () => {
    const r = await announce({ port: 7011 });
    expect(r.interval).toBe(600);
  });
});

describe('trust-proxy', () => {
  it('ignores X-Forwarded-For by default', async () => {
    const infoHash = id20('xff-off');
    await httpGet(
      tracker.httpPort,
      `/announce?${buildAnnounceQuery({ infoHash, peerId: id20('a'), port: 9001, left: 0 })}`,
      {
        'X-Forwarded-For': '203.0.113.7',
      },
    );
    const r = decodeAnnounceResponse(
      (
        await httpGet(
          tracker.httpPort,
          `/announce?${buildAnnounceQuery({ infoHash, peerId: id20('b'), port: 9002, left: 0 })}`,
        )
      ).body,
    );
    expect(r.peers).toEqual([{ ip: '127.0.0.1', port: 9001 }]);
  });

  it('with --trust-proxy 1 takes the last entry, not the spoofed first one', async () => {
    const proxied = await startTestTracker({ trustProxy: 1, noUdp: true });
    try {
      const infoHash = id20('xff-on');
      const get = (peer: string, port: number, xff?: string) =>
        httpGet(
          proxied.httpPort,
          `/announce?${buildAnnounceQuery({ infoHash, peerId: id20(peer), port, left: 0 })}`,
          xff ? { 'X-Forwarded-For': xff } : {},
        );
      await get('victim', 9001, '6.6.6.6, 203.0.113.7');
      const r = decodeAnnounceResponse((await get('other', 9002, '198.51.100.2')).body);
      expect(r.peers).toEqual([{ ip: '203.0.113.7', port: 9001 }]);
      const missing = decode((await get('nohdr', 9003)).body) as Map<string, Uint8Array>;
      expect(new TextDecoder().decode(missing.get('failure reason'))).toMatch(/X-Forwarded-For/);
    } finally {
      await proxied.close();
    }
  });
});
