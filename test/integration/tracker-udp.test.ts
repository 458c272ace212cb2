import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIp } from '../../core/protocol/tracker/ip.js';
import {
  decodeUdpResponse,
  encodeUdpAnnounce,
  encodeUdpConnect,
  encodeUdpScrape,
  type UdpAnnounceParams,
} from '../../core/protocol/tracker/udp-client.js';
import type { RunningTracker } from '../../tracker/server.js';
import { id20, startTestTracker, UdpClient } from '../helpers/tracker.js';
import { requireIpv6Loopback } from '../helpers/tools.js';

const ipv6 = requireIpv6Loopback();
let v4: RunningTracker;
let v6: RunningTracker | undefined;
const clients: UdpClient[] = [];
beforeAll(async () => {
  v4 = await startTestTracker({ host: '127.0.0.1', interval: 900 });
  if (ipv6) v6 = await startTestTracker({ host: '::1', interval: 900 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([v4.close(), v6?.close()]);
});

async function client(family: 4 | 6 = 4): Promise<UdpClient> {
  const c = await UdpClient.open(family);
  clients.push(c);
  return c;
}

const host = (family: 4 | 6) => (family === 4 ? '127.0.0.1' : '::1');
const port = (family: 4 | 6) => (family === 4 ? v4 : v6!).udpPort!;
const width = (family: 4 | 6) => (family === 4 ? 6 : 18);

async function connect(c: UdpClient, family: 4 | 6 = 4): Promise<Uint8Array> {
  const reply = decodeUdpResponse(await c.exchange(encodeUdpConnect(11), port(family), host(family)), width(family));
  if (reply.action !== 'connect') throw new Error(`expected connect, got ${JSON.stringify(reply)}`);
  expect(reply.transactionId).toBe(11);
  return reply.connectionId;
}

async function announce(
  c: UdpClient,
  family: 4 | 6,
  p: Partial<UdpAnnounceParams> & { connectionId: Uint8Array; port: number },
) {
  const packet = encodeUdpAnnounce({
    transactionId: 22,
    infoHash: id20('udp-torrent'),
    peerId: id20('-LT2080-', p.port),
    left: 1,
    ...p,
  });
  return decodeUdpResponse(await c.exchange(packet, port(family), host(family)), width(family));
}

describe.each([4, 6] as const)('UDP tracker over IPv%i (BEP 15)', (family) => {
  it.runIf(family === 4 || ipv6)('connect, announce and scrape; the announcer is not in its own list', async () => {
    const a = await client(family);
    const b = await client(family);
    await announce(a, family, { connectionId: await connect(a, family), port: 7001, left: 0, event: 'started' });
    const reply = await announce(b, family, { connectionId: await connect(b, family), port: 7002, event: 'started' });
    expect(reply).toMatchObject({ action: 'announce', transactionId: 22, interval: 900, seeders: 1, leechers: 1 });
    if (reply.action !== 'announce') return;
    expect(reply.peers.map((p) => `${formatIp(p.ip)}:${p.port}`)).toEqual([`${host(family)}:7001`]);

    const cid = await connect(b, family);
    const scrape = decodeUdpResponse(
      await b.exchange(encodeUdpScrape(cid, 33, [id20('udp-torrent'), id20('none')]), port(family), host(family)),
      width(family),
    );
    expect(scrape).toEqual({
      action: 'scrape',
      transactionId: 33,
      files: [
        { complete: 1, incomplete: 1, downloaded: 0 },
        { complete: 0, incomplete: 0, downloaded: 0 },
      ],
    });
  });
});

describe('after a valid connection id, a refused request gets an error naming the problem', () => {
  const errorFor = async (over: (packet: Uint8Array) => Uint8Array) => {
    const c = await client();
    const packet = encodeUdpAnnounce({
      connectionId: await connect(c),
      transactionId: 5,
      infoHash: id20('h'),
      peerId: id20('p'),
      left: 0,
      port: 1,
    });
    return decodeUdpResponse(await c.exchange(over(packet), v4.udpPort!), 6);
  };

  it.each([
    ['a long announce with garbage', (p: Uint8Array) => Uint8Array.of(...p, 9, 9, 9), /trailing garbage/],
    ['a short announce', (p: Uint8Array) => p.subarray(0, 50), /must be 98 bytes/],
    ['an unknown event', (p: Uint8Array) => Uint8Array.from(p).fill(7, 80, 84), /unknown event/],
    [
      'an unknown action',
      (p: Uint8Array) => Uint8Array.of(...p.subarray(0, 11), 7, ...p.subarray(12, 16)),
      /unknown action 7/,
    ],
    [
      'a scrape of a partial hash',
      (p: Uint8Array) => Uint8Array.of(...p.subarray(0, 11), 2, ...p.subarray(12, 30)),
      /16 \+ 20·n/,
    ],
  ])('%s', async (_name, over, message) => {
    const reply = await errorFor(over);
    expect(reply).toMatchObject({ action: 'error', transactionId: 5 });
    if (reply.action === 'error') expect(reply.message).toMatch(message);
  });

  it('still answers a well-behaved client', async () => {
    const c = await client();
    const reply = await announce(c, 4, { connectionId: await connect(c), port: 7200 });
    expect(reply.action).toBe('announce');
  });
});
