import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { scrape, TrackerClientError } from '../../core/engine/tracker-client/index.js';
import { buildAnnounceQuery } from '../../core/protocol/tracker/http-client.js';
import { toHex } from '../../core/protocol/hex.js';
import type { RunningTracker } from '../../tracker/server.js';
import { httpGet, id20, startTestTracker } from '../helpers/tracker.js';
import { TestSocket } from '../helpers/ws-tracker.js';
import { rejectionOf } from '../helpers/rejection.js';

const HASH = id20('scrape-me');
const HEX = toHex(HASH);
const UNKNOWN = toHex(id20('nobody-has-this'));
let tracker: RunningTracker;
let wsPeer: TestSocket;

beforeAll(async () => {
  tracker = await startTestTracker();
  for (const [port, left] of [
    [6001, 0],
    [6002, 10],
    [6003, 10],
  ] as const) {
    const query = buildAnnounceQuery({ infoHash: HASH, peerId: id20('-TR3000-', port), port, left, event: 'started' });
    expect((await httpGet(tracker.httpPort, `/announce?${query}`)).status).toBe(200);
  }
  wsPeer = await TestSocket.open(`ws://127.0.0.1:${tracker.httpPort}`);
  wsPeer.send({
    action: 'announce',
    info_hash: String.fromCharCode(...HASH),
    peer_id: String.fromCharCode(...id20('-WW0208-')),
    left: 0,
    offers: [],
  });
  await wsPeer.next();
});

afterAll(async () => {
  wsPeer.close();
  await tracker.close();
});

const zero = { complete: 0, incomplete: 0, downloaded: 0 };

describe('scrape clients against the real tracker', () => {
  it('scrapes over HTTP (BEP 48) the address peers', async () => {
    const result = await scrape(`http://127.0.0.1:${tracker.httpPort}/announce`, [HEX, UNKNOWN]);
    expect(result.get(HEX)).toMatchObject({ complete: 1, incomplete: 2 });
    expect(result.get(UNKNOWN)).toEqual(zero);
  });

  it('scrapes over UDP (BEP 15) the same counts', async () => {
    const result = await scrape(`udp://127.0.0.1:${tracker.udpPort!}/announce`, [HEX, UNKNOWN], { timeoutMs: 3000 });
    expect(result.get(HEX)).toMatchObject({ complete: 1, incomplete: 2 });
    expect(result.get(UNKNOWN)).toEqual(zero);
  });

  it('scrapes over WebSocket the WebRTC peers', async () => {
    const result = await scrape(`ws://127.0.0.1:${tracker.httpPort}`, [HEX, UNKNOWN]);
    expect(result.get(HEX)).toEqual({ complete: 1, incomplete: 0, downloaded: 0 });
    expect(result.get(UNKNOWN)).toEqual(zero);
  });

  it('scrapes more than one UDP packet’s worth (74) of torrents', async () => {
    const many = Array.from({ length: 80 }, (_, i) => toHex(id20('many', i)));
    const result = await scrape(`udp://127.0.0.1:${tracker.udpPort!}`, [...many, HEX]);
    expect(result.size).toBe(81);
    expect(result.get(HEX)).toMatchObject({ complete: 1 });
  });
});

/** The TrackerClientError a scrape must fail with. */
const rejection = (promise: Promise<unknown>) => rejectionOf(promise, TrackerClientError);

describe('scrape clients: refusals and failures', () => {
  it.each([
    ['not a URL', 'nonsense', [HEX], 'bad-url'],
    ['an unsupported scheme', 'ftp://127.0.0.1/announce', [HEX], 'bad-url'],
    ['an HTTP URL without an announce segment', 'http://127.0.0.1:1/tracker', [HEX], 'no-scrape-url'],
    ['a UDP URL without a port', 'udp://127.0.0.1/announce', [HEX], 'bad-url'],
    ['no info hash', 'http://127.0.0.1:1/announce', [], 'bad-request'],
    ['a bad info hash', 'http://127.0.0.1:1/announce', ['xyz'], 'bad-request'],
  ])('refuses %s', async (_name, url, hashes, code) => {
    expect((await rejection(scrape(url, hashes))).code).toBe(code);
  });

  it('times out on a UDP tracker that never answers', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const error = await rejection(scrape(`udp://127.0.0.1:${silent.address().port}`, [HEX], { timeoutMs: 350 }));
      expect(error.code).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      silent.close();
    }
  });

  it('reports a UDP error packet and garbage as tracker-failure and bad-response', async () => {
    const fake = createSocket('udp4');
    await new Promise<void>((resolve) => fake.bind(0, '127.0.0.1', resolve));
    let reply: (packet: Buffer) => Buffer = () => Buffer.alloc(0);
    fake.on('message', (packet, from) => fake.send(reply(packet), from.port, from.address));
    try {
      const url = `udp://127.0.0.1:${fake.address().port}`;
      reply = (packet) => Buffer.concat([Buffer.from([0, 0, 0, 3]), packet.subarray(12, 16), Buffer.from('go away')]);
      const refused = await rejection(scrape(url, [HEX], { timeoutMs: 2000 }));
      expect([refused.code, refused.message]).toEqual(['tracker-failure', expect.stringContaining('go away')]);
      reply = () => Buffer.from('garbage!!');
      expect((await rejection(scrape(url, [HEX], { timeoutMs: 2000 }))).code).toBe('bad-response');
    } finally {
      fake.close();
    }
  });

  it('reports HTTP errors, non-bencode bodies and refused connections', async () => {
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/missing/')) res.writeHead(404).end('no');
      else if (req.url?.startsWith('/failure/')) res.end('d14:failure reason6:nope!!e');
      else res.end('<html>not bencode</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await rejection(scrape(`${base}/missing/announce`, [HEX]))).code).toBe('tracker-failure');
      const failure = await rejection(scrape(`${base}/failure/announce`, [HEX]));
      expect([failure.code, failure.message]).toEqual(['tracker-failure', expect.stringContaining('nope!!')]);
      expect((await rejection(scrape(`${base}/html/announce`, [HEX]))).code).toBe('bad-response');
    } finally {
      server.close();
    }
    expect((await rejection(scrape(`${base}/announce`, [HEX]))).code).toBe('network');
  });

  it('reports a WebSocket failure reply and honours an abort signal', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    let answer = true;
    wss.on('connection', (ws) =>
      ws.on(
        'message',
        () => answer && ws.send(JSON.stringify({ 'failure reason': 'closed tracker', action: 'scrape' })),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const failure = await rejection(scrape(url, [HEX]));
      expect([failure.code, failure.message]).toEqual(['tracker-failure', expect.stringContaining('closed tracker')]);
      answer = false;
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      expect((await rejection(scrape(url, [HEX], { signal: controller.signal }))).code).toBe('aborted');
      expect((await rejection(scrape(url, [HEX], { timeoutMs: 100 }))).code).toBe('timeout');
    } finally {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close();
    }
  });
});
