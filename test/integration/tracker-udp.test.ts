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

let v4: RunningTracker;
let v6: RunningTracker;
const clients: UdpClient[] = [];
beforeAll(async () => {
  v4 = await startTestTracker({ host: '127.0.0.1', interval: 900 });
  v6 = await startTestTracker({ host: '::1', interval: 900 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([v4.close(), v6.close()]);
});

async function client(family: 4 | 6 = 4): Promise<UdpClient> {
  const c = await UdpClient.open(family);
  clients.push(c);
  return c;
}

const host = (family: 4 | 6) => (family === 4 ? '127.0.0.1' : '::1');
const port = (family: 4 | 6) => (family === 4 ? v4.udpPort! : v6.udpPort!);
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
  it('connect, announce and scrape; the announcer is not in its own list', async () => {
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

describe('hostile UDP packets get an error packet and the tracker keeps serving', () => {
  const errorFor = async (packet: Uint8Array) => {
    const c = await client();
    return decodeUdpResponse(await c.exchange(packet, v4.udpPort!), 6);
  };

  it.each([
    ['a short packet', new Uint8Array(5), /too short/],
    ['a long connect', Uint8Array.of(...encodeUdpConnect(1), 1, 2, 3), /must be 16 bytes/],
    ['a wrong protocol id', new Uint8Array(16), /wrong protocol id/],
    ['an unknown action', Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 5), /unknown action 7/],
    [
      'a made-up connection id',
      encodeUdpAnnounce({
        connectionId: new Uint8Array(8).fill(1),
        transactionId: 5,
        infoHash: id20('h'),
        peerId: id20('p'),
        port: 1,
      }),
      /connection id/,
    ],
    [
      'a long announce with garbage',
      Uint8Array.of(
        ...encodeUdpAnnounce({
          connectionId: new Uint8Array(8),
          transactionId: 5,
          infoHash: id20('h'),
          peerId: id20('p'),
          port: 1,
        }),
        9,
        9,
        9,
      ),
      /trailing garbage/,
    ],
  ])('%s', async (_name, packet, message) => {
    const reply = await errorFor(packet);
    expect(reply.action).toBe('error');
    if (reply.action === 'error') expect(reply.message).toMatch(message);
  });

  it('refuses a connection id replayed from another address (hijack attempt)', async () => {
    const dual = await startTestTracker({ host: '::', interval: 900 });
    try {
      const victim = await client(6);
      const attacker = await client(4);
      const id = decodeUdpResponse(await victim.exchange(encodeUdpConnect(1), dual.udpPort!, '::1'), 18);
      if (id.action !== 'connect') throw new Error('no connection id');
      const packet = encodeUdpAnnounce({
        connectionId: id.connectionId,
        transactionId: 22,
        infoHash: id20('udp-torrent'),
        peerId: id20('x'),
        event: 'stopped',
        port: 7001,
      });
      const reply = decodeUdpResponse(await attacker.exchange(packet, dual.udpPort!, '127.0.0.1'), 6);
      expect(reply).toMatchObject({ action: 'error', transactionId: 22, message: 'unknown or expired connection id' });
      const own = decodeUdpResponse(await victim.exchange(packet, dual.udpPort!, '::1'), 18);
      expect(own.action).toBe('announce');
    } finally {
      await dual.close();
    }
  });

  it('still answers a well-behaved client', async () => {
    const c = await client();
    const reply = await announce(c, 4, { connectionId: await connect(c), port: 7200 });
    expect(reply.action).toBe('announce');
  });
});
