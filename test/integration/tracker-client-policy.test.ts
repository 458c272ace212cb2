import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrape, TrackerClientError } from '../../core/engine/tracker-client/index.js';
import { toHex } from '../../core/protocol/hex.js';
import type { RunningTracker } from '../../tracker/server.js';
import { id20, startTestTracker } from '../helpers/tracker.js';
import { rejectionOf } from '../helpers/rejection.js';

const HEX = toHex(id20('policy'));
const PROTOCOLS = ['http', 'https', 'ws', 'wss', 'udp'] as const;
type Protocol = (typeof PROTOCOLS)[number];
/** Loopback spelled as a literal, as a name that resolves to it, and as IPv6 (plain and IPv4-mapped). */
const HOSTS = ['127.0.0.1', 'localhost', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'];

/** Listeners on 127.0.0.1 that count what reaches them: TCP connections and UDP datagrams. */
let tcp: Server;
let udp: UdpSocket;
const seen = { tcp: 0, udp: 0 };
let tracker: RunningTracker;

function urlFor(protocol: Protocol, host: string, ports: { tcp: number; udp: number }): string {
  if (protocol === 'udp') return `udp://${host}:${ports.udp}/announce`;
  return protocol.startsWith('http')
    ? `${protocol}://${host}:${ports.tcp}/announce`
    : `${protocol}://${host}:${ports.tcp}`;
}

const counters = () => ({ tcp: (tcp.address() as AddressInfo).port, udp: udp.address().port });

/** The TrackerClientError a scrape must fail with. */
const rejection = (promise: Promise<unknown>) => rejectionOf(promise, TrackerClientError);

beforeAll(async () => {
  tcp = createServer((socket) => {
    seen.tcp++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  udp = createSocket('udp4').on('message', () => seen.udp++);
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  tracker = await startTestTracker();
});

afterAll(async () => {
  await new Promise((resolve) => tcp.close(resolve));
  udp.close();
  await tracker.close();
});

describe('scrape with blockPrivateAddresses', () => {
  it.each(PROTOCOLS.flatMap((protocol) => HOSTS.map((host) => [protocol, host] as const)))(
    'refuses %s to %s before sending anything',
    async (protocol, host) => {
      const before = { ...seen };
      const url = urlFor(protocol, host, counters());
      const error = await rejection(scrape(url, [HEX], { blockPrivateAddresses: true, timeoutMs: 1000 }));
      expect(error.code).toBe('address-refused');
      // URL parsing writes IPv4-mapped addresses in hex: [::ffff:127.0.0.1] is ::ffff:7f00:1.
      const named = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
      expect(error.message).toContain(`refused to contact tracker host ${named}: `);
      expect(error.message).toMatch(
        host === 'localhost' ? /it resolves to (127\.0\.0\.1|::1) \(loopback\)/ : /it is a loopback address/,
      );
      // Give a stray packet or connection time to arrive before counting.
      await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual(before);
    },
  );

  it.each(PROTOCOLS)('lets %s reach the same listener when the policy is off (the counters work)', async (protocol) => {
    const before = { ...seen };
    const error = await rejection(scrape(urlFor(protocol, '127.0.0.1', counters()), [HEX], { timeoutMs: 300 }));
    expect(error.code).not.toBe('address-refused');
    const counter = protocol === 'udp' ? 'udp' : 'tcp';
    expect(seen[counter]).toBeGreaterThan(before[counter]);
  });

  it.each(['http', 'ws', 'udp'] as const)(
    'scrapes a real tracker on localhost over %s when the policy is off (the default)',
    async (protocol) => {
      const ports = { tcp: tracker.httpPort, udp: tracker.udpPort! };
      const result = await scrape(urlFor(protocol, 'localhost', ports), [HEX], { timeoutMs: 3000 });
      expect(result.get(HEX)).toEqual({ complete: 0, incomplete: 0, downloaded: 0 });
      expect(
        (await rejection(scrape(urlFor(protocol, 'localhost', ports), [HEX], { blockPrivateAddresses: true }))).code,
      ).toBe('address-refused');
    },
  );
});
