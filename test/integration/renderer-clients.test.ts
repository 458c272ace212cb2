import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, events, handleCall, type ApiEvent, type ApiEventMap, type EventName } from '../../core/api/index.js';
import { createLogger } from '../../core/server/logger.js';
import { startDaemonServer, type DaemonServer } from '../../daemon/server.js';
import type { ShoalBridge } from '../../renderer/src/bridge.js';
import type { SocketConstructor } from '../../renderer/src/client/event-stream.js';
import { HttpClient } from '../../renderer/src/client/http-client.js';
import { IpcClient } from '../../renderer/src/client/ipc-client.js';
import type { ConnectionStatus, ShoalClient } from '../../renderer/src/client/shoal-client.js';
import { keepLive } from '../../renderer/src/model/live-torrents.js';
import { SpeedHistory } from '../../renderer/src/model/speed-history.js';
import { TorrentStore } from '../../renderer/src/model/torrent-store.js';
import { makeFiles, startPeer, tempRoot, waitFor, type TestPeer } from '../helpers/engine.js';

const TOKEN = 'renderer-test-token_0123456789abcdefghijklm';
const magnetOf = (n: number) => `magnet:?xt=urn:btih:${n.toString(16).padStart(40, 'c')}&dn=renderer-${n}`;
const infoHashOf = (n: number) => n.toString(16).padStart(40, 'c');
const FAST = { initialMs: 50, maxMs: 200 };

let root: { root: string; remove(): Promise<void> };
let peer: TestPeer;
let uiDir: string;
const servers: DaemonServer[] = [];
const clients: ShoalClient[] = [];

async function daemon(port = 0): Promise<DaemonServer> {
  const server = await startDaemonServer({
    engine: peer.session,
    token: TOKEN,
    host: '127.0.0.1',
    port,
    uiDir,
    logger: createLogger('renderer-test', 'silent'),
    authTimeoutMs: 1000,
  });
  servers.push(server);
  return server;
}

function httpClient(baseUrl: string, token = TOKEN): HttpClient {
  const client = new HttpClient({
    baseUrl,
    token,
    fetch: (url, init) => fetch(url, init),
    WebSocket: WebSocket as unknown as SocketConstructor,
    backoff: FAST,
  });
  clients.push(client);
  return client;
}

/** What the Electron main does with the preload's calls: validate and run them on the engine, forward every event. */
function bridgeOf(peerSession: TestPeer['session'], extra: Partial<ShoalBridge> = {}): ShoalBridge {
  return {
    invoke: (name, params) => handleCall(peerSession, name, params),
    onEvent: (listener) => {
      const offs = (Object.keys(events) as EventName[]).map((event) =>
        peerSession.events.on(event, (payload) => listener({ event, payload } as ApiEvent)),
      );
      return () => offs.forEach((off) => off());
    },
    ...extra,
  };
}

function status(client: ShoalClient, wanted: ConnectionStatus, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => client.connection.status === wanted, `connection ${wanted}`, timeoutMs);
}

function nextEvent<K extends EventName>(
  client: ShoalClient,
  event: K,
  match: (payload: ApiEventMap[K]) => boolean,
  timeoutMs = 10_000,
): Promise<ApiEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  root = await tempRoot('renderer-clients');
  peer = await startPeer(root.root, 'engine');
  uiDir = path.join(root.root, 'ui');
  await mkdir(uiDir, { recursive: true });
  await writeFile(path.join(uiDir, 'index.html'), '<!doctype html><title>Shoal</title>');
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const t of await peer.session.listTorrents())
    await peer.session.remove({ infoHash: t.infoHash, deleteData: true });
});

afterAll(async () => {
  await peer?.close();
  await root?.remove();
});

describe('HttpClient against the daemon', () => {
  it('connects, calls commands and hears their events', async () => {
    const server = await daemon();
    const client = httpClient(server.url);
    expect(client.transport).toBe('http');
    await status(client, 'connected');
    // The auth message goes first; give the daemon a moment to take it before the event is sent.
    await new Promise((r) => setTimeout(r, 100));
    const added = nextEvent(client, 'torrent:added', (p) => p.torrent.infoHash === infoHashOf(1));
    await expect(client.addTorrent({ magnet: magnetOf(1), paused: true })).resolves.toEqual({
      infoHash: infoHashOf(1),
    });
    expect((await added).torrent.name).toBe('renderer-1');
    expect((await client.listTorrents()).map((t) => t.infoHash)).toEqual([infoHashOf(1)]);
    expect((await client.getSettings()).iceServers).toEqual([]);
    const removed = nextEvent(client, 'torrent:removed', (p) => p.infoHash === infoHashOf(1));
    await client.remove({ infoHash: infoHashOf(1), deleteData: false });
    await removed;
  });

  it("rejects with the daemon's code and message", async () => {
    const client = httpClient((await daemon()).url);
    const missing = await rejection(client.pause({ infoHash: infoHashOf(9) }));
    expect(missing.code).toBe('not-found');
    expect(missing.message).toBe(`no torrent ${infoHashOf(9)} in the library`);
    const bad = await rejection(client.addTorrent({ magnet: magnetOf(2), infoHash: infoHashOf(2) }));
    expect(bad).toMatchObject({
      code: 'bad-request',
      message: 'addTorrent: give exactly one of torrent, magnet or infoHash',
    });
  });

  it('turns unauthorized on a wrong token, from the events socket and from calls, and stops retrying', async () => {
    const server = await daemon();
    const client = httpClient(server.url, 'wrong-token_0123456789abcdefghijklmnopqrs');
    await status(client, 'unauthorized');
    expect(client.connection.message).toBe('the daemon refused the token');
    const other = httpClient(server.url, 'wrong-token_0123456789abcdefghijklmnopqrs');
    expect((await rejection(other.listTorrents())).code).toBe('unauthorized');
    expect(other.connection.status).toBe('unauthorized');
    await new Promise((r) => setTimeout(r, 400));
    expect(client.connection.status).toBe('unauthorized');
  });

  it('says the daemon is unreachable, retries with back-off, and reloads the list when it is back', async () => {
    const first = await daemon();
    const port = first.port;
    const client = httpClient(first.url);
    const store = new TorrentStore((flush) => flush());
    const stop = keepLive(client, store, new SpeedHistory(), { onError: () => undefined });
    try {
      await status(client, 'connected');
      await waitFor(() => store.getSnapshot().loaded, 'the first list');
      await first.close();
      await status(client, 'disconnected');
      expect(client.connection.retryAt).toBeGreaterThan(Date.now() - 1000);
      const unreachable = await rejection(client.listTorrents());
      expect(unreachable.code).toBe('unreachable');
      expect(unreachable.message).toMatch(/^cannot reach the Shoal daemon at http:\/\/127\.0\.0\.1:\d+: /);
      // Added while the page was away: no event reached it, the reload on reconnect must bring it.
      await peer.session.addTorrent({ magnet: magnetOf(3), paused: true });
      await daemon(port);
      await status(client, 'connected');
      await waitFor(() => store.get(infoHashOf(3)) !== undefined, 'the torrent added while disconnected');
    } finally {
      stop();
    }
  });

  it('keeps a store live through create, progress and remove', async () => {
    const client = httpClient((await daemon()).url);
    const store = new TorrentStore((flush) => flush());
    const stop = keepLive(client, store, new SpeedHistory(), { onError: () => undefined });
    try {
      await status(client, 'connected');
      await waitFor(() => store.getSnapshot().loaded, 'the first list');
      await new Promise((r) => setTimeout(r, 100));
      const folder = path.join(root.root, 'share');
      await makeFiles(folder, { 'a.bin': 200_000, 'sub/b.bin': 70_000 });
      const hashed = nextEvent(client, 'create:progress', (p) => p.jobId === 'job-1' && p.hashed === p.total);
      const created = await client.createTorrent({ paths: [folder], jobId: 'job-1' });
      expect((await hashed).total).toBe(270_000);
      await waitFor(
        () => store.get(created.infoHash)?.state === 'seeding' && store.get(created.infoHash)?.progress === 1,
        'the created torrent seeding in the store',
      );
      expect(store.get(created.infoHash)).toMatchObject({ name: 'share', length: 270_000, progress: 1 });
      await client.remove({ infoHash: created.infoHash, deleteData: false });
      await waitFor(() => store.get(created.infoHash) === undefined, 'the removed torrent gone from the store');
    } finally {
      stop();
    }
  });
});

describe('IpcClient over the preload bridge', () => {
  it('calls commands, hears events and keeps error codes', async () => {
    const client = new IpcClient(bridgeOf(peer.session));
    clients.push(client);
    expect(client.transport).toBe('ipc');
    expect(client.connection.status).toBe('connected');
    expect(client.desktop).toEqual({});
    const added = nextEvent(client, 'torrent:added', (p) => p.torrent.infoHash === infoHashOf(4));
    await client.addTorrent({ magnet: magnetOf(4), paused: true });
    expect((await added).torrent.state).toBe('paused');
    expect((await rejection(client.addTorrent({ magnet: magnetOf(4) }))).code).toBe('exists');
  });

  it('ignores events of the wrong shape and stops listening on close', async () => {
    let send: ((event: ApiEvent) => void) | undefined;
    let unsubscribed = 0;
    const client = new IpcClient({
      invoke: async () => ({ ok: true, result: [] }),
      onEvent: (listener) => {
        send = listener;
        return () => unsubscribed++;
      },
    });
    const heard: string[] = [];
    client.on('torrent:removed', (p) => heard.push(p.infoHash));
    send!({ event: 'torrent:removed', payload: { infoHash: 'not a hash' } } as ApiEvent);
    send!({ event: 'torrent:removed', payload: { infoHash: infoHashOf(5) } });
    expect(heard).toEqual([infoHashOf(5)]);
    client.close();
    client.close();
    expect(unsubscribed).toBe(1);
  });

  it("offers the desktop app's extras, failures as ApiErrors", async () => {
    const client = new IpcClient(
      bridgeOf(peer.session, {
        pickPaths: async () => ({ ok: true, result: ['/home/me/share'] }),
        pathForFile: () => '',
        showInFolder: async () => ({ ok: false, error: { code: 'not-found', message: 'no such torrent' } }),
        getStartOnLogin: async () => ({ ok: true, result: false }),
        setStartOnLogin: async (enabled) => ({ ok: true, result: enabled }),
      }),
    );
    clients.push(client);
    const desktop = client.desktop;
    await expect(desktop.pickPaths?.('folder')).resolves.toEqual(['/home/me/share']);
    expect(desktop.pathForFile?.(new File([], 'x'))).toBeUndefined();
    expect((await rejection(desktop.showInFolder!(infoHashOf(6)))).code).toBe('not-found');
    await expect(desktop.startOnLogin?.set(true)).resolves.toBe(true);
  });

  it('says when the bridge itself fails', async () => {
    const client = new IpcClient({
      invoke: async () => {
        throw new Error('the main process is gone');
      },
      onEvent: () => () => undefined,
    });
    const error = await rejection(client.listTorrents());
    expect(error).toMatchObject({
      code: 'unreachable',
      message: 'the desktop app did not answer listTorrents: the main process is gone',
    });
    client.close();
  });
});
