import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  buildAnnounceQuery,
  buildScrapeQuery,
  decodeAnnounceResponse,
  decodeScrapeResponse,
} from '../../core/protocol/tracker/http-client.js';
import { decodeUdpResponse, encodeUdpAnnounce, encodeUdpConnect } from '../../core/protocol/tracker/udp-client.js';
import type { TrackerConfig } from '../../tracker/config.js';
import type { RunningTracker } from '../../tracker/server.js';
import { httpGet, id20, startTestTracker, UdpClient } from '../helpers/tracker.js';
import { TestSocket } from '../helpers/ws-tracker.js';

/**
 * Each per-client limit of the tracker, driven past by one abusive client, while honest peers
 * (other addresses, given through X-Forwarded-For behind one trusted proxy) go on being served.
 */
const HASH = id20('limits');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
let tracker: RunningTracker;
afterEach(() => tracker.close());

async function start(overrides: Partial<TrackerConfig>): Promise<RunningTracker> {
  tracker = await startTestTracker({ trustProxy: 1, stats: true, ...overrides });
  return tracker;
}

const stats = async () => JSON.parse((await httpGet(tracker.httpPort, '/stats.json')).body.toString());

/** An HTTP announce from `address` (as the proxy reports it). */
async function announceFrom(address: string, port: number, peerId = id20('-qB4650-', port)) {
  const query = buildAnnounceQuery({ infoHash: HASH, peerId, port, left: 1, numwant: 200 });
  const reply = await httpGet(tracker.httpPort, `/announce?${query}`, { 'X-Forwarded-For': address });
  return decodeAnnounceResponse(reply.body);
}

async function listedPeers(): Promise<number> {
  const reply = await httpGet(tracker.httpPort, `/scrape?${buildScrapeQuery([HASH])}`);
  const counts = decodeScrapeResponse(reply.body).get(hex(HASH))!;
  return counts.complete + counts.incomplete;
}

/** A WebSocket from `address` (as the proxy reports it); rejects when the tracker refuses the upgrade. */
function wsFrom(address: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${tracker.httpPort}`, { headers: { 'X-Forwarded-For': address } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function wsRequest(ws: WebSocket, message: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no WebSocket reply in time')), 2000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(String(data)) as Record<string, unknown>);
    });
    ws.send(JSON.stringify(message));
  });
}

const wsAnnounce = (ws: WebSocket, peerId: string, infoHash = String.fromCharCode(...HASH)) =>
  wsRequest(ws, { action: 'announce', info_hash: infoHash, peer_id: peerId, left: 1, offers: [] });

describe('peers per address per swarm (--max-peers-per-address)', () => {
  it('one address varying its port over HTTP lists only its share; honest peers are listed and served', async () => {
    await start({ maxPeersPerAddress: 3 });
    await announceFrom('198.51.100.1', 6881);
    for (let port = 1; port <= 60; port++) await announceFrom('203.0.113.66', port);
    expect(await listedPeers()).toBe(1 + 3);
    const honest = await announceFrom('198.51.100.2', 6881);
    expect(honest.peers.map((p) => p.ip).sort()).toEqual(['198.51.100.1', ...Array(3).fill('203.0.113.66')]);
    expect(await listedPeers()).toBe(2 + 3);
    const abuser = await announceFrom('203.0.113.66', 61);
    expect(abuser.peers).toHaveLength(5);
    expect((await stats()).limited.peersPerAddress).toBe(60 - 3 + 1);
  });

  it('holds over UDP too, where the announce names its own port', async () => {
    await start({ maxPeersPerAddress: 2 });
    await announceFrom('198.51.100.1', 6881);
    const udp = await UdpClient.open();
    try {
      for (let port = 1; port <= 20; port++) {
        const id = decodeUdpResponse(await udp.exchange(encodeUdpConnect(1), tracker.udpPort!), 6);
        if (id.action !== 'connect') throw new Error('no connection id');
        const packet = encodeUdpAnnounce({
          connectionId: id.connectionId,
          transactionId: port,
          infoHash: HASH,
          peerId: id20('-LT2080-', port),
          left: 1,
          port,
        });
        expect(decodeUdpResponse(await udp.exchange(packet, tracker.udpPort!), 6).action).toBe('announce');
      }
    } finally {
      await udp.close();
    }
    expect(await listedPeers()).toBe(1 + 2);
    const honest = await announceFrom('198.51.100.2', 6881);
    expect(honest.peers.map((p) => p.ip).sort()).toEqual(['127.0.0.1', '127.0.0.1', '198.51.100.1']);
  });
});

describe('WebSocket connections per address (--ws-max-sockets-per-address)', () => {
  it('refuses the connection past the cap with 429, takes it again once one closes, serves others', async () => {
    await start({ wsMaxSocketsPerAddress: 4 });
    const own = await Promise.all(Array.from({ length: 4 }, () => wsFrom('203.0.113.66')));
    await expect(wsFrom('203.0.113.66')).rejects.toThrow(/429/);
    const honest = await wsFrom('198.51.100.7');
    expect(await wsAnnounce(honest, id20s('h'))).toMatchObject({ action: 'announce', complete: 0 });
    own[0]!.close();
    await new Promise((resolve) => own[0]!.once('close', resolve));
    const again = await retry(() => wsFrom('203.0.113.66'));
    expect((await stats()).limited.wsSocketsPerAddress).toBeGreaterThanOrEqual(1);
    for (const ws of [...own, honest, again]) ws.close();
  });

  it('counts an IPv6 client with its /64', async () => {
    await start({ wsMaxSocketsPerAddress: 2 });
    const own = [await wsFrom('2001:db8:1:2::1'), await wsFrom('2001:db8:1:2::2')];
    await expect(wsFrom('2001:db8:1:2:ffff::3')).rejects.toThrow(/429/);
    const neighbour = await wsFrom('2001:db8:1:3::1');
    for (const ws of [...own, neighbour]) ws.close();
  });

  it('with no trusted proxy, counts the socket address itself', async () => {
    tracker = await startTestTracker({ wsMaxSocketsPerAddress: 1, noUdp: true });
    const first = await TestSocket.open(`ws://127.0.0.1:${tracker.httpPort}`);
    await expect(TestSocket.open(`ws://127.0.0.1:${tracker.httpPort}`)).rejects.toThrow(/429/);
    first.close();
  });
});

describe('peer ids per WebSocket connection (--ws-max-peer-ids-per-socket)', () => {
  it('refuses a new peer id past the cap with a failure reason; the socket and others keep being served', async () => {
    await start({ wsMaxPeerIdsPerSocket: 3 });
    const abuser = await wsFrom('203.0.113.66');
    for (let i = 0; i < 3; i++) expect(await wsAnnounce(abuser, id20s(`p${i}`))).toMatchObject({ action: 'announce' });
    expect(await wsAnnounce(abuser, id20s('p3'))).toMatchObject({
      'failure reason': 'at most 3 peer ids per connection',
      action: 'announce',
    });
    expect(await wsAnnounce(abuser, id20s('p0'), id20s('other torrent'))).toMatchObject({ action: 'announce' });
    const honest = await wsFrom('198.51.100.7');
    expect(await wsAnnounce(honest, id20s('h'))).toMatchObject({ action: 'announce', incomplete: 4 });
    expect((await stats()).limited.wsPeerIdsPerSocket).toBe(1);
    abuser.close();
    honest.close();
  });
});

describe('WebSocket torrents per connection (--ws-max-torrents-per-socket)', () => {
  it('refuses a new torrent past the cap; a torrent the socket is in keeps being served', async () => {
    await start({ wsMaxTorrentsPerSocket: 2 });
    const ws = await wsFrom('203.0.113.66');
    expect(await wsAnnounce(ws, id20s('p'), id20s('t1'))).toMatchObject({ action: 'announce' });
    expect(await wsAnnounce(ws, id20s('p'), id20s('t2'))).toMatchObject({ action: 'announce' });
    expect(await wsAnnounce(ws, id20s('p'), id20s('t3'))).toMatchObject({
      'failure reason': 'at most 2 torrents per connection',
    });
    expect(await wsAnnounce(ws, id20s('p'), id20s('t1'))).toMatchObject({ action: 'announce', incomplete: 1 });
    ws.close();
  });
});

describe('client names in /metrics come from one table for all three protocols', () => {
  it('forged peer-id prefixes over HTTP and WebSocket all become "other"; known ones keep their names', async () => {
    await start({ maxPeersPerAddress: 1000 });
    const forgedPrefix = (i: number) => `-${String.fromCharCode(65 + (i % 26), 97 + (i % 23))}${1000 + i}-`;
    for (let i = 0; i < 120; i++) {
      const peerId = Uint8Array.from(forgedPrefix(i).padEnd(20, 'x'), (c) => c.charCodeAt(0));
      await announceFrom('203.0.113.66', 1000 + i, peerId);
    }
    await announceFrom('198.51.100.1', 6881, id20('-TR3000-'));
    const ws = await wsFrom('203.0.113.66');
    for (let i = 0; i < 7; i++) await wsAnnounce(ws, forgedPrefix(i).padEnd(20, 'x'));
    await wsAnnounce(ws, '-WW0208-'.padEnd(20, 'x'));

    const text = (await httpGet(tracker.httpPort, '/metrics')).body.toString();
    const labels = text
      .split('\n')
      .filter((line) => line.startsWith('shoal_tracker_clients{'))
      .map((line) => line.slice(0, line.lastIndexOf(' ')));
    expect(labels.sort()).toEqual([
      'shoal_tracker_clients{kind="address",client="Transmission 3.00"}',
      'shoal_tracker_clients{kind="address",client="other"}',
      'shoal_tracker_clients{kind="webrtc",client="WebTorrent 2.8"}',
      'shoal_tracker_clients{kind="webrtc",client="other"}',
    ]);
    expect(text).toContain('shoal_tracker_clients{kind="address",client="other"} 120');
    expect(text).toContain('shoal_tracker_clients{kind="webrtc",client="other"} 7');
    ws.close();
  });
});

/** A 20-character binary string (a WebSocket peer id or info hash) from a tag. */
function id20s(tag: string): string {
  return tag.padEnd(20, '.').slice(0, 20);
}

/** The socket's place is given back when the server sees it close, a moment after the client does. */
async function retry<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
