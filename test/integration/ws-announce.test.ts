import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsTrackerPool, type WsSwarmMember } from '../../core/engine/tracker-client/ws-announce.js';
import { WebRtcTransport } from '../../core/engine/transport/webrtc.js';
import { createWebSocketTracker } from '../../tracker/ws/index.js';
import { startWsTracker } from '../helpers/ws-tracker.js';

interface TestMember extends WsSwarmMember {
  wanted: number;
  readonly peers: { stream: Duplex; remote: Buffer; url: string }[];
}

function member(infoHash: Uint8Array, options: { seeding?: boolean; wanted?: number } = {}): TestMember {
  const seeding = options.seeding ?? false;
  const m: TestMember = {
    infoHash,
    peerId: randomBytes(20),
    wanted: options.wanted ?? 5,
    peers: [],
    stats: () => ({ uploaded: 0, downloaded: 0, left: seeding ? 0 : 1000 }),
    seeding: () => seeding,
    wantedPeers: () => Math.max(0, m.wanted - m.peers.length),
    onPeer(stream, remote, url) {
      m.peers.push({ stream, remote: Buffer.from(remote), url });
    },
  };
  return m;
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A transport and a pool on it, closed after the test. */
function peer(reconnect = { minMs: 50, maxMs: 200 }): { transport: WebRtcTransport; pool: WsTrackerPool } {
  const transport = new WebRtcTransport({ iceServers: [] });
  const pool = new WsTrackerPool(transport, { reconnect });
  cleanups.push(
    () => transport.close(),
    () => pool.close(),
  );
  return { transport, pool };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function trackerOn(port = 0): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const tracker = createWebSocketTracker({ intervalSeconds: 120 });
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => tracker.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${bound}`,
    port: bound,
    async stop() {
      await tracker.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('WsTrackerPool through a real Shoal tracker', () => {
  it('two members of one swarm on two pools meet, each with a connected stream', async () => {
    const tracker = await startWsTracker();
    cleanups.push(() => tracker.stop());
    const infoHash = randomBytes(20);
    const a = member(infoHash);
    const b = member(infoHash);
    peer().pool.join(tracker.url, a);
    await until(() => tracker.tracker.stats().peers === 1, 'the first member in the swarm');
    const started = performance.now();
    peer().pool.join(tracker.url, b);
    await until(() => a.peers.length === 1 && b.peers.length === 1, 'both members connected');
    const ms = performance.now() - started;
    console.log(`join to connected data channel through the tracker: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(a.peers[0]!.remote).toEqual(Buffer.from(b.peerId));
    expect(b.peers[0]!.remote).toEqual(Buffer.from(a.peerId));
    expect(a.peers[0]!.url).toBe(tracker.url);
    a.peers[0]!.stream.write('hello');
    const [data] = (await once(b.peers[0]!.stream, 'data')) as [Buffer];
    expect(data.toString()).toBe('hello');
  });

  it('a seeder alone holds no connection; a leecher joining later offers to it and connects', async () => {
    const tracker = await startWsTracker();
    cleanups.push(() => tracker.stop());
    const infoHash = randomBytes(20);
    const seeder = member(infoHash, { seeding: true });
    const seederSide = peer();
    const seeding = seederSide.pool.join(tracker.url, seeder);
    await until(() => seeding.status().state === 'working', 'the seeder announced');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seeding.status()).toMatchObject({ complete: 1, incomplete: 0, offersOpen: 0 });
    expect(seederSide.transport.openConnections).toBe(0);

    const leecher = member(infoHash);
    const leecherSide = peer();
    const leeching = leecherSide.pool.join(tracker.url, leecher);
    await until(() => seeder.peers.length === 1 && leecher.peers.length === 1, 'seeder and leecher connected');
    expect(leeching.status()).toMatchObject({ state: 'working', offersOpen: 0 });
    expect(seederSide.transport.openConnections).toBe(1);
    expect(leecherSide.transport.openConnections).toBe(1);
  });

  it('a member that wants no peers neither offers nor answers', async () => {
    const tracker = await startWsTracker();
    cleanups.push(() => tracker.stop());
    const infoHash = randomBytes(20);
    const full = member(infoHash, { wanted: 0 });
    const fullSide = peer();
    const fullAnnouncement = fullSide.pool.join(tracker.url, full);
    await until(() => fullAnnouncement.status().state === 'working', 'the first member announced');

    const hungry = member(infoHash);
    const hungrySide = peer();
    const hungryAnnouncement = hungrySide.pool.join(tracker.url, hungry);
    await until(() => hungryAnnouncement.status().offersOpen === 1, 'the newcomer offered to the first member');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fullSide.transport.openConnections).toBe(0);
    expect(full.peers).toHaveLength(0);
    expect(hungry.peers).toHaveLength(0);

    const third = member(infoHash, { wanted: 0 });
    const thirdSide = peer();
    const thirdAnnouncement = thirdSide.pool.join(tracker.url, third);
    await until(() => thirdAnnouncement.status().state === 'working', 'the third member announced');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(thirdAnnouncement.status()).toMatchObject({ complete: 0, incomplete: 3, offersOpen: 0 });
    expect(thirdSide.transport.openConnections).toBe(0);
  });

  it('leave sends stopped and closes its offers; the socket closes after the last leave', async () => {
    const tracker = await startWsTracker();
    cleanups.push(() => tracker.stop());
    const infoHash = randomBytes(20);
    const lone = member(infoHash, { wanted: 0 });
    const loneAnnouncement = peer().pool.join(tracker.url, lone);
    const side = peer();
    const announcement = side.pool.join(tracker.url, member(infoHash));
    await until(() => announcement.status().offersOpen === 1, 'an offer to the other member');
    expect(side.transport.openConnections).toBe(1);
    announcement.leave();
    announcement.leave();
    expect(announcement.status()).toMatchObject({ state: 'stopped', offersOpen: 0 });
    await until(() => side.transport.openConnections === 0, 'the offer closed');
    await until(() => tracker.tracker.stats().peers === 1, 'the tracker dropped the member');
    await until(() => tracker.tracker.stats().sockets === 1, 'the unused socket closed');
    loneAnnouncement.leave();
  });

  it('reconnects after the tracker restarts on the same port and announces again', async () => {
    const first = await trackerOn();
    const infoHash = randomBytes(20);
    const seeder = member(infoHash, { seeding: true });
    const seeding = peer().pool.join(first.url, seeder);
    await until(() => seeding.status().state === 'working', 'the first announce');
    await first.stop();
    await until(() => seeding.status().state === 'error', 'the outage reported');
    expect(seeding.status().lastError).toBeTruthy();
    const second = await trackerOn(first.port);
    cleanups.push(() => second.stop());
    await until(() => seeding.status().state === 'working', 'working again after the restart');

    // The restarted tracker knows the seeder again: a newcomer finds it.
    const leecher = member(infoHash);
    peer().pool.join(second.url, leecher);
    await until(() => leecher.peers.length === 1 && seeder.peers.length === 1, 'the newcomer connected');
  });

  it('reports a tracker that is down, and keeps trying', async () => {
    const gone = await trackerOn();
    await gone.stop();
    const announcement = peer().pool.join(gone.url, member(randomBytes(20)));
    await until(() => announcement.status().state === 'error', 'the refused connection reported');
    expect(announcement.status().lastError).toMatch(/127\.0\.0\.1/);
    const back = await trackerOn(gone.port);
    cleanups.push(() => back.stop());
    await until(() => announcement.status().state === 'working', 'the tracker found once it is up');
  });
});

describe('WsTrackerPool against a tracker that sends garbage', () => {
  async function fakeTracker(): Promise<{ url: string; sockets: WebSocket[]; connections: () => number }> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    const sockets: WebSocket[] = [];
    let connections = 0;
    wss.on('connection', (ws) => {
      connections++;
      sockets.unshift(ws);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const ws of wss.clients) ws.terminate();
          wss.close(() => resolve());
        }),
    );
    return {
      url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      sockets,
      connections: () => connections,
    };
  }

  it('shows each kind of garbage in status() and never throws', async () => {
    const fake = await fakeTracker();
    const m = member(randomBytes(20));
    const infoHash = String.fromCharCode(...m.infoHash);
    const announcement = peer().pool.join(fake.url, m);
    await until(() => fake.sockets.length === 1, 'a connection');
    const frames: [string | Buffer, RegExp][] = [
      ['{"action":', /not valid JSON/],
      ['[1,2,3]', /not a JSON object/],
      [JSON.stringify({ action: 'announce', info_hash: infoHash, complete: 'many' }), /complete/],
      [JSON.stringify({ action: 'announce', info_hash: 'short' }), /info_hash/],
      [JSON.stringify({ action: 'dance' }), /unexpected action/],
      [Buffer.from([1, 2, 3]), /binary/],
      [JSON.stringify({ 'failure reason': 'go away', action: 'announce', info_hash: infoHash }), /go away/],
    ];
    for (const [frame, expected] of frames) {
      const socket = fake.sockets[0]!;
      await until(() => socket.readyState === socket.OPEN, 'an open socket');
      socket.send(frame);
      await until(() => expected.test(announcement.status().lastError ?? ''), `lastError ${expected}`);
      expect(announcement.status().state).toBe('error');
    }
    const reply = { action: 'announce', info_hash: infoHash, interval: 120, complete: 0, incomplete: 1 };
    fake.sockets[0]!.send(JSON.stringify(reply));
    await until(() => announcement.status().state === 'working', 'a sensible reply accepted after all that');
    expect(announcement.status()).toMatchObject({ complete: 0, incomplete: 1, intervalSeconds: 120 });
  });

  it('drops a frame over 64 KiB with the connection, and reconnects', async () => {
    const fake = await fakeTracker();
    const announcement = peer().pool.join(fake.url, member(randomBytes(20)));
    await until(() => fake.sockets.length === 1, 'a connection');
    const closed = once(fake.sockets[0]!, 'close') as Promise<[number]>;
    fake.sockets[0]!.send('x'.repeat(70 * 1024));
    const [code] = await closed;
    expect(code).toBe(1009);
    await until(() => announcement.status().state === 'error', 'the broken connection reported');
    await until(() => fake.connections() >= 2, 'a reconnect');
  });
});
