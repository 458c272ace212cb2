import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../core/engine/session/session.js';
import { createLogger } from '../../core/server/logger.js';
import { MAX_BODY_BYTES } from '../../daemon/call-route.js';
import { CLOSE_UNAUTHORIZED } from '../../daemon/events-socket.js';
import { startDaemonServer, type DaemonServer } from '../../daemon/server.js';
import { loadOrCreateToken } from '../../daemon/token.js';
import { callDaemon, daemonRequest, EventsClient, within } from '../helpers/daemon.js';

const INFO_HASH = 'ab'.repeat(20);
const MAGNET = `magnet:?xt=urn:btih:${INFO_HASH}&dn=daemon-test`;
const INDEX = '<!doctype html><title>Shoal</title><script type="module" src="./assets/app-1234.js"></script>';

let root: string;
let session: Session;
let server: DaemonServer;
let token: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoal-daemon-'));
  const uiDir = path.join(root, 'ui');
  await mkdir(path.join(uiDir, 'assets'), { recursive: true });
  await writeFile(path.join(uiDir, 'index.html'), INDEX);
  await writeFile(path.join(uiDir, 'assets', 'app-1234.js'), 'console.log("shoal");\n');
  await writeFile(path.join(root, 'secret.txt'), 'outside the UI folder');
  const dataDir = path.join(root, 'data');
  token = await loadOrCreateToken(dataDir);
  session = await Session.open({ dataDir, defaultDownloadDir: path.join(root, 'downloads') });
  await session.setSettings({ iceServers: [] });
  server = await startDaemonServer({
    engine: session,
    token,
    host: '127.0.0.1',
    port: 0,
    uiDir,
    logger: createLogger('daemon-test', 'silent'),
    authTimeoutMs: 300,
    heartbeatMs: 200,
  });
});

afterAll(async () => {
  await server?.close();
  await session?.close();
  await rm(root, { recursive: true, force: true });
});

function expectFailure(reply: { status: number; json: unknown }, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(reply.json).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
  return (reply.json as { error: { message: string } }).error.message;
}

describe('daemon calls: POST /api/v1/call/<command>', () => {
  it('answers a good call with the result', async () => {
    const reply = await callDaemon(server.port, token, 'listTorrents');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ ok: true, result: [] });
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('refuses a call without a token (401)', async () => {
    const reply = await daemonRequest(server.port, '/api/v1/call/listTorrents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(expectFailure(reply, 401, 'unauthorized')).toMatch(/no token/);
  });

  it('refuses a wrong token (401), also one that is a prefix of the right one', async () => {
    expect(expectFailure(await callDaemon(server.port, 'x'.repeat(43), 'listTorrents'), 401, 'unauthorized')).toMatch(
      /wrong token/,
    );
    expectFailure(await callDaemon(server.port, token.slice(0, -1), 'listTorrents'), 401, 'unauthorized');
    expectFailure(await callDaemon(server.port, `${token}x`, 'listTorrents'), 401, 'unauthorized');
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, even with the right token', async () => {
    const reply = await daemonRequest(server.port, '/api/v1/call/listTorrents', {
      method: 'POST',
      headers: {
        host: `evil.example:${server.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: '{}',
    });
    expect(expectFailure(reply, 403, 'forbidden')).toContain('evil.example');
  });

  it('accepts localhost and 127.0.0.1 with the port, refuses them with another port', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) {
      const reply = await daemonRequest(server.port, '/', { headers: { host } });
      expect(reply.status).toBe(200);
    }
    expectFailure(await daemonRequest(server.port, '/', { headers: { host: 'localhost:1' } }), 403, 'forbidden');
  });

  it('refuses a cross-site Origin (CSRF) with 403 and accepts its own origin', async () => {
    const call = (origin: string) =>
      daemonRequest(server.port, '/api/v1/call/listTorrents', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      });
    expect(expectFailure(await call('http://evil.example'), 403, 'forbidden')).toMatch(/another site/);
    expectFailure(await call('null'), 403, 'forbidden');
    expect((await call(`http://127.0.0.1:${server.port}`)).status).toBe(200);
  });

  it('refuses a form-encoded POST with 415', async () => {
    const reply = await daemonRequest(server.port, '/api/v1/call/listTorrents', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: 'a=1',
    });
    expectFailure(reply, 415, 'unsupported-media-type');
  });

  it('answers a bad param with 400 naming the field', async () => {
    const reply = await callDaemon(server.port, token, 'getTorrent', { infoHash: 'not-hex' });
    expect(expectFailure(reply, 400, 'bad-request')).toMatch(/^getTorrent: infoHash must be 40 lower-case hex/);
  });

  it('answers bad JSON with 400, an unknown command with 404, GET with 405', async () => {
    const bad = await daemonRequest(server.port, '/api/v1/call/listTorrents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"oops',
    });
    expect(expectFailure(bad, 400, 'bad-request')).toMatch(/not valid JSON/);
    expectFailure(await callDaemon(server.port, token, 'rmRf'), 404, 'unknown-command');
    expectFailure(await daemonRequest(server.port, '/api/v1/call/listTorrents'), 405, 'method-not-allowed');
  });

  it('answers an engine error with its code and status: a torrent not in the library is 404', async () => {
    const reply = await callDaemon(server.port, token, 'pause', { infoHash: 'cd'.repeat(20) });
    expect(expectFailure(reply, 404, 'not-found')).toContain('cd'.repeat(20));
  });

  it('refuses a body announced over 24 MiB with 413 without reading it', async () => {
    const reply = await daemonRequest(server.port, '/api/v1/call/addTorrent', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'content-length': String(MAX_BODY_BYTES + 1),
      },
    });
    expectFailure(reply, 413, 'too-large');
  });
});

describe('daemon events: GET /api/v1/events', () => {
  it('closes a socket that sends no auth message with 4401', async () => {
    const client = new EventsClient(server.port);
    await within(client.opened, 5000, 'open');
    expect((await within(client.closed, 5000, 'close')).code).toBe(CLOSE_UNAUTHORIZED);
  });

  it('closes a socket whose auth message has a wrong token with 4401', async () => {
    const client = new EventsClient(server.port);
    await within(client.opened, 5000, 'open');
    client.send({ type: 'auth', token: 'y'.repeat(43) });
    expect((await within(client.closed, 5000, 'close')).code).toBe(CLOSE_UNAUTHORIZED);
  });

  it('sends torrent:added to an authenticated socket after an addTorrent call, and pings it', async () => {
    const client = new EventsClient(server.port, { origin: `http://127.0.0.1:${server.port}` });
    let pinged = false;
    client.socket.on('ping', () => (pinged = true));
    try {
      await within(client.opened, 5000, 'open');
      client.send({ type: 'auth', token });
      // The auth timeout has passed and the socket is still open.
      await new Promise((r) => setTimeout(r, 500));
      const added = await callDaemon(server.port, token, 'addTorrent', { magnet: MAGNET, paused: true });
      expect(added.json).toEqual({ ok: true, result: { infoHash: INFO_HASH } });
      const frame = await client.frame((f) => (f as { event?: string }).event === 'torrent:added');
      expect(frame).toMatchObject({ event: 'torrent:added', payload: { torrent: { infoHash: INFO_HASH } } });
      expect(pinged).toBe(true);
      expect(client.socket.readyState).toBe(client.socket.OPEN);
    } finally {
      client.close();
      await callDaemon(server.port, token, 'remove', { infoHash: INFO_HASH, deleteData: false });
    }
  });

  it('refuses the upgrade with a foreign Host or a cross-site Origin (403)', async () => {
    const refused: Record<string, string>[] = [
      { host: `evil.example:${server.port}` },
      { origin: 'http://evil.example' },
    ];
    for (const headers of refused) {
      const client = new EventsClient(server.port, headers);
      await expect(within(client.opened, 5000, 'refusal')).rejects.toThrow('HTTP 403');
    }
  });
});

describe('daemon web UI', () => {
  it('serves index.html with the CSP and security headers', async () => {
    const reply = await daemonRequest(server.port, '/');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(INDEX);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ws://127.0.0.1:${server.port}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    );
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves hashed assets for good, and nothing outside the UI folder', async () => {
    const asset = await daemonRequest(server.port, '/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f..%2fsecret.txt',
      '/missing.js',
      '/%zz',
    ]) {
      const reply = await daemonRequest(server.port, p);
      expect(reply.status, p).toBe(404);
      expect(reply.text).not.toContain('outside');
    }
  });
});
