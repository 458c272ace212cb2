import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  buildAnnounceQuery,
  buildScrapeQuery,
  decodeAnnounceResponse,
  decodeScrapeResponse,
} from '../../core/protocol/tracker/http-client.js';
import { decode } from '../../core/protocol/bencode.js';
import type { RunningTracker } from '../../tracker/server.js';
import { httpGet, id20, startTestTracker, UdpClient } from '../helpers/tracker.js';
import { encodeUdpConnect } from '../../core/protocol/tracker/udp-client.js';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const failureReason = (body: Buffer) => {
  const value = (decode(body) as Map<string, Uint8Array>).get('failure reason');
  return value && new TextDecoder().decode(value);
};

describe('pages and WebSocket on the HTTP port', () => {
  let tracker: RunningTracker;
  beforeAll(async () => {
    tracker = await startTestTracker({ stats: true });
    await httpGet(
      tracker.httpPort,
      `/announce?${buildAnnounceQuery({ infoHash: id20('pages'), peerId: id20('-qB4650-'), port: 6881, left: 5 })}`,
    );
    await httpGet(
      tracker.httpPort,
      `/announce?${buildAnnounceQuery({ infoHash: id20('pages'), peerId: id20('-TR3000-'), port: 6882, left: 0 })}`,
    );
  });
  afterAll(() => tracker.close());

  it('/health', async () => {
    const r = await httpGet(tracker.httpPort, '/health');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toMatchObject({ status: 'ok' });
  });

  it('/stats.json counts swarms and names clients', async () => {
    const s = JSON.parse((await httpGet(tracker.httpPort, '/stats.json')).body.toString());
    expect(s.address).toMatchObject({ torrents: 1, peers: 2, seeders: 1, leechers: 1 });
    expect(s.announces.http).toBe(2);
    expect(s.clients).toEqual({ 'qBittorrent 4.6.5': 1, 'Transmission 3.00': 1 });
  });

  it('/stats is an HTML page', async () => {
    const r = await httpGet(tracker.httpPort, '/stats');
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body.toString()).toContain('<th>qBittorrent 4.6.5</th><td>1</td>');
  });

  it('/metrics is Prometheus text', async () => {
    const r = await httpGet(tracker.httpPort, '/metrics');
    expect(r.headers['content-type']).toMatch(/text\/plain/);
    const text = r.body.toString();
    expect(text).toContain('# TYPE shoal_tracker_peers gauge');
    expect(text).toContain('shoal_tracker_peers{kind="address"} 2');
    expect(text).toContain('shoal_tracker_announces_total{protocol="http"} 2');
    expect(text).toContain('shoal_tracker_clients{kind="address",client="Transmission 3.00"} 1');
  });

  it('stats pages are off unless --stats', async () => {
    const plain = await startTestTracker({ noUdp: true });
    try {
      expect((await httpGet(plain.httpPort, '/stats.json')).status).toBe(404);
      expect((await httpGet(plain.httpPort, '/health')).status).toBe(200);
    } finally {
      await plain.close();
    }
  });

  it('a WebSocket announce works through the same port; its peers stay apart (also in HTTP scrapes)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${tracker.httpPort}/announce`);
    const reply = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.on('open', () =>
        ws.send(
          JSON.stringify({
            action: 'announce',
            info_hash: String.fromCharCode(...id20('pages')),
            peer_id: String.fromCharCode(...id20('-WW0208-')),
            numwant: 5,
            uploaded: 0,
            downloaded: 0,
            left: 0,
            event: 'started',
            offers: [],
          }),
        ),
      );
      ws.on('message', (data) => resolve(JSON.parse(String(data))));
      ws.on('error', reject);
    });
    expect(reply).toMatchObject({ action: 'announce', interval: 120, complete: 1 });
    const s = JSON.parse((await httpGet(tracker.httpPort, '/stats.json')).body.toString());
    expect(s.webrtc).toMatchObject({ peers: 1, sockets: 1 });
    expect(s.address.peers).toBe(2);
    const scrape = decodeScrapeResponse(
      (await httpGet(tracker.httpPort, `/scrape?${buildScrapeQuery([id20('pages')])}`)).body,
    );
    expect(scrape.get(hex(id20('pages')))).toEqual({ complete: 1, incomplete: 1, downloaded: 0 });
    ws.close();
  });
});

describe('access list (in-process reload)', () => {
  it('allow mode serves only listed torrents; reload picks up a new file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoal-acl-'));
    const file = join(dir, 'allow.txt');
    const [a, b] = [id20('allowed'), id20('other')];
    writeFileSync(file, `# allowed torrents\n${hex(a)}\n`);
    const tracker = await startTestTracker({ accessList: file, accessMode: 'allow', noUdp: true });
    try {
      const get = (h: Uint8Array) =>
        httpGet(
          tracker.httpPort,
          `/announce?${buildAnnounceQuery({ infoHash: h, peerId: id20('p'), port: 1, left: 0 })}`,
        );
      expect(failureReason((await get(a)).body)).toBeUndefined();
      expect(failureReason((await get(b)).body)).toBe('torrent not allowed on this tracker');
      writeFileSync(file, `${hex(b)}\n`);
      expect(await tracker.reloadAccessList()).toBe(1);
      expect(failureReason((await get(b)).body)).toBeUndefined();
      expect(failureReason((await get(a)).body)).toBe('torrent not allowed on this tracker');
    } finally {
      await tracker.close();
    }
  });
});

interface Child {
  proc: ChildProcess;
  lines: Record<string, unknown>[];
  waitFor(msg: string): Promise<Record<string, unknown>>;
  exit: Promise<number | null>;
}

function runTracker(args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, [CLI, 'tracker', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: [string, (line: Record<string, unknown>) => void][] = [];
  createInterface({ input: proc.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const [msg, resolve] of waiters) if (line.msg === msg) resolve(line);
  });
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    lines,
    exit,
    waitFor: (msg) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => l.msg === msg);
        if (seen) return resolve(seen);
        waiters.push([msg, resolve]);
        setTimeout(() => reject(new Error(`no "${msg}" log line within 10 s`)), 10_000).unref();
      }),
  };
}

function runToEnd(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [CLI, 'tracker', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('shoal tracker (child process)', () => {
  it('--help lists flags with their environment variables', async () => {
    const r = await runToEnd(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--trust-proxy');
    expect(r.stdout).toContain('SHOAL_TRACKER_ACCESS_LIST');
    expect(r.stdout).toContain('--max-peers-per-address');
    expect(r.stdout).toContain('SHOAL_TRACKER_WS_MAX_SOCKETS_PER_ADDRESS');
  });

  it('--print-config merges flags, environment and config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoal-cfg-'));
    const file = join(dir, 'tracker.json');
    writeFileSync(file, JSON.stringify({ interval: 1200, stats: true }));
    const r = await runToEnd(['--print-config', '--config', file, '--port', '9100'], {
      SHOAL_TRACKER_TRUST_PROXY: '1',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ port: 9100, interval: 1200, stats: true, trustProxy: 1 });
  });

  it('refuses bad settings with a clear message and exit code 2', async () => {
    const r = await runToEnd(['--port', 'http']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port \(--port\)/);
    const env = await runToEnd([], { SHOAL_TRACKER_NOPE: '1' });
    expect(env.stderr).toMatch(/unknown environment variable\(s\): SHOAL_TRACKER_NOPE/);
  });

  it('reloads the access list on SIGHUP, then stops on SIGTERM with exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoal-hup-'));
    const file = join(dir, 'deny.txt');
    const bad = id20('denied');
    writeFileSync(file, '');
    const child = runTracker(['--port', '0', '--access-list', file, '--access-mode', 'deny']);
    try {
      const { httpPort } = (await child.waitFor('tracker listening')) as { httpPort: number };
      const get = () =>
        httpGet(httpPort, `/announce?${buildAnnounceQuery({ infoHash: bad, peerId: id20('p'), port: 1, left: 0 })}`);
      expect(decodeAnnounceResponse((await get()).body).interval).toBe(1800);
      writeFileSync(file, `${hex(bad)}  # abusive\n`);
      child.proc.kill('SIGHUP');
      expect(await child.waitFor('access list reloaded')).toMatchObject({ count: 1 });
      expect(failureReason((await get()).body)).toBe('torrent not allowed on this tracker');

      const ws = new WebSocket(`ws://127.0.0.1:${httpPort}`);
      await new Promise((resolve) => ws.on('open', resolve));
      const wsClosed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      child.proc.kill('SIGTERM');
      expect(await child.exit).toBe(0);
      expect(await wsClosed).toBe(1001);
      expect(child.lines.map((l) => l.msg)).toContain('stopped');
    } finally {
      child.proc.kill('SIGKILL');
    }
  });

  it('answers UDP on the same port number by default', async () => {
    const child = runTracker(['--port', '0']);
    const udp = await UdpClient.open();
    try {
      const { httpPort, udpPort } = (await child.waitFor('tracker listening')) as { httpPort: number; udpPort: number };
      expect(udpPort).toBe(httpPort);
      expect((await udp.exchange(encodeUdpConnect(1), udpPort)).length).toBe(16);
      child.proc.kill('SIGINT');
      expect(await child.exit).toBe(0);
    } finally {
      await udp.close();
      child.proc.kill('SIGKILL');
    }
  });
});
