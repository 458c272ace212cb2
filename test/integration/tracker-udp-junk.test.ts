import { createSocket } from 'node:dgram';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeUdpResponse,
  encodeUdpAnnounce,
  encodeUdpConnect,
  encodeUdpScrape,
} from '../../core/protocol/tracker/udp-client.js';
import type { RunningTracker } from '../../tracker/server.js';
import { httpGet, id20, startTestTracker, UdpClient } from '../helpers/tracker.js';
import { requireIpv6Loopback } from '../helpers/tools.js';

/**
 * The UDP tracker is not an amplifier: a datagram's source can be forged, so nothing that lacks a
 * connection id issued to its source gets more bytes back than it sent. Junk gets silence, and
 * the tracker counts it and goes on serving honest clients.
 */
let tracker: RunningTracker;
beforeAll(async () => {
  tracker = await startTestTracker({ host: '127.0.0.1', stats: true });
});
afterAll(() => tracker.close());

/** Everything the tracker sends back to one fresh socket within `ms` after it sent `packets`. */
async function repliesTo(packets: Uint8Array[], ms = 300): Promise<Buffer[]> {
  const socket = createSocket('udp4');
  const replies: Buffer[] = [];
  socket.on('message', (msg) => replies.push(msg));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  for (const packet of packets) {
    // One at a time, so that none is lost in a full receive buffer before the tracker reads it.
    await new Promise((resolve) => socket.send(packet, tracker.udpPort!, '127.0.0.1', resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return replies;
}

const stats = async () => JSON.parse((await httpGet(tracker.httpPort, '/stats.json')).body.toString());

const forged = new Uint8Array(8).fill(0x5a);
const announceWith = (connectionId: Uint8Array) =>
  encodeUdpAnnounce({ connectionId, transactionId: 5, infoHash: id20('junk'), peerId: id20('p'), left: 0, port: 1 });

describe('junk datagrams get silence', () => {
  it.each([
    ['an empty datagram', new Uint8Array(0), 'short'],
    ['7 bytes', new Uint8Array(7).fill(1), 'short'],
    ['15 bytes (one short of a transaction id)', encodeUdpConnect(1).subarray(0, 15), 'short'],
    ['a connect without the protocol id', new Uint8Array(16), 'bad-connect'],
    ['a connect with trailing bytes', Uint8Array.of(...encodeUdpConnect(1), 1, 2, 3), 'bad-connect'],
    [
      'an unknown action with a made-up connection id',
      Uint8Array.of(...forged, 0, 0, 0, 7, 0, 0, 0, 5),
      'bad-connection-id',
    ],
    ['an announce with a made-up connection id', announceWith(forged), 'bad-connection-id'],
    ['a scrape with a made-up connection id', encodeUdpScrape(forged, 6, [id20('junk')]), 'bad-connection-id'],
    [
      'a garbled announce with a made-up connection id',
      Uint8Array.of(...announceWith(forged), 9, 9),
      'bad-connection-id',
    ],
  ])('%s', async (_name, packet, reason) => {
    const before = (await stats()).udpDropped[reason];
    expect(await repliesTo([packet])).toEqual([]);
    expect((await stats()).udpDropped[reason]).toBe(before + 1);
  });

  it('random datagrams of 0 to 120 bytes: no reply at all, each one counted', async () => {
    const packets = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 120 }), { numRuns: 300, seed: 9 });
    const dropped = (s: { udpDropped: Record<string, number> }) =>
      Object.values(s.udpDropped).reduce((a, b) => a + b, 0);
    const before = dropped(await stats());
    expect(await repliesTo(packets, 500)).toEqual([]);
    expect(dropped(await stats())).toBe(before + packets.length);
  });

  it('answers a well-formed connect with no more bytes than it carried', async () => {
    const connect = encodeUdpConnect(42);
    const [reply, ...more] = await repliesTo([connect]);
    expect(more).toEqual([]);
    expect(reply!.length).toBeLessThanOrEqual(connect.length);
    expect(decodeUdpResponse(reply!, 6)).toMatchObject({ action: 'connect', transactionId: 42 });
  });

  it('shows the dropped datagrams by reason in /metrics and /stats', async () => {
    const text = (await httpGet(tracker.httpPort, '/metrics')).body.toString();
    expect(text).toContain('# TYPE shoal_tracker_udp_dropped_total counter');
    for (const reason of ['short', 'bad-connect', 'bad-connection-id']) {
      expect(text).toMatch(new RegExp(`shoal_tracker_udp_dropped_total\\{reason="${reason}"\\} [1-9]`));
    }
    const page = (await httpGet(tracker.httpPort, '/stats')).body.toString();
    expect(page).toMatch(/<th>bad-connection-id<\/th><td>[1-9]\d*<\/td>/);
  });

  it('keeps serving an honest client after all that junk', async () => {
    const c = await UdpClient.open();
    try {
      const id = decodeUdpResponse(await c.exchange(encodeUdpConnect(1), tracker.udpPort!), 6);
      if (id.action !== 'connect') throw new Error(`expected a connection id, got ${JSON.stringify(id)}`);
      const reply = decodeUdpResponse(await c.exchange(announceWith(id.connectionId), tracker.udpPort!), 6);
      expect(reply).toMatchObject({ action: 'announce', transactionId: 5 });
    } finally {
      await c.close();
    }
  });
});

describe.runIf(requireIpv6Loopback())('a connection id works only from the address it was issued to', () => {
  it('a replayed id from another address (hijack attempt) gets silence; its owner is served', async () => {
    const dual = await startTestTracker({ host: '::', stats: true });
    const victim = await UdpClient.open(6);
    const attacker = await UdpClient.open(4);
    try {
      const id = decodeUdpResponse(await victim.exchange(encodeUdpConnect(1), dual.udpPort!, '::1'), 18);
      if (id.action !== 'connect') throw new Error('no connection id');
      const packet = encodeUdpAnnounce({
        connectionId: id.connectionId,
        transactionId: 22,
        infoHash: id20('udp-torrent'),
        peerId: id20('x'),
        event: 'stopped',
        left: 0,
        port: 7001,
      });
      await expect(attacker.exchange(packet, dual.udpPort!, '127.0.0.1', 300)).rejects.toThrow('no UDP reply');
      const own = decodeUdpResponse(await victim.exchange(packet, dual.udpPort!, '::1'), 18);
      expect(own.action).toBe('announce');
      const s = JSON.parse((await httpGet(dual.httpPort, '/stats.json')).body.toString());
      expect(s.udpDropped['bad-connection-id']).toBe(1);
    } finally {
      await Promise.all([victim.close(), attacker.close(), dual.close()]);
    }
  });
});
