import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { callDaemon, daemonRequest } from '../helpers/daemon.js';
import { shoal, startShoal } from '../helpers/shoal-cli.js';

/** Resolves with the first match of `pattern` in the child's stderr; rejects after `timeoutMs` or on exit. */
function stderrMatch(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => finish(new Error(`no ${pattern} in stderr within ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer | string) => {
      text += String(chunk);
      const match = pattern.exec(text);
      if (match) finish(undefined, match);
    };
    const onExit = () => finish(new Error(`exited before printing ${pattern}:\n${text}`));
    function finish(error?: Error, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    }
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A port that was free a moment ago (`shoal up` needs fixed ports for its tracker and search server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const URL_LINE = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})/;

describe('shoal daemon', () => {
  it('--help lists every setting with its variable, and the LAN risks', () => {
    const run = shoal(['daemon', '--help']);
    expect(run.status).toBe(0);
    for (const text of ['--web-port <number>', 'SHOAL_DAEMON_WEB_PORT', '--host', '--data-dir', '--download-dir']) {
      expect(run.stdout).toContain(text);
    }
    expect(run.stdout).toMatch(/token is the only guard/);
    expect(run.stdout).toMatch(/TLS proxy/);
  });

  it('refuses a bad setting with a usage error naming it', () => {
    const run = shoal(['daemon', '--web-port', 'nine']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/webPort \(--web-port\): .*number/);
  });

  it('prints the URL with its token, keeps the token in a 0600 file across restarts, stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shoal-daemon-cli-'));
    const args = ['daemon', '--web-port', '0', '--data-dir', dataDir, '--ui-dir', path.join(dataDir, 'no-ui')];
    const tokens: string[] = [];
    for (let run = 0; run < 2; run++) {
      const { child, done } = startShoal([...args, '--download-dir', path.join(dataDir, 'dl'), '--log-level', 'warn']);
      try {
        const [, port, token] = await stderrMatch(child, URL_LINE);
        tokens.push(token!);
        const reply = await callDaemon(Number(port), token!, 'listTorrents');
        expect(reply.json).toEqual({ ok: true, result: [] });
        const page = await daemonRequest(Number(port), '/');
        expect(page.status).toBe(503);
        expect(page.text).toContain('npm run build:renderer');
        expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      } finally {
        child.kill('SIGTERM');
      }
      expect((await done).status).toBe(0);
    }
    const file = path.join(dataDir, 'daemon-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(tokens[0]);
    expect(tokens[1]).toBe(tokens[0]);
  });
});

describe('shoal up with the engine', () => {
  it('serves the UI from the daemon when Electron is missing, the engine pointed at its own servers', async () => {
    const [trackerPort, searchPort] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shoal-up-daemon-'));
    const { child, done } = startShoal([
      'up',
      '--tracker-port',
      String(trackerPort),
      '--search-port',
      String(searchPort),
      '--web-port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
    ]);
    try {
      const [, port, token] = await stderrMatch(child, new RegExp(`web UI {9}${URL_LINE.source}`));
      const reply = await callDaemon(Number(port), token!, 'getSettings');
      expect(reply.json).toMatchObject({
        ok: true,
        result: {
          trackers: [`ws://127.0.0.1:${trackerPort}`],
          searchServer: `http://127.0.0.1:${searchPort}`,
          iceServers: [],
        },
      });
      const search = await callDaemon(Number(port), token!, 'search', { query: '' });
      expect(search.json).toMatchObject({ ok: true, result: { items: [], total: 0 } });
    } finally {
      child.kill('SIGTERM');
    }
    const exit = await done;
    expect(exit.status).toBe(0);
    const desktop = exit.stderr.split('\n').filter((line) => line.startsWith('Desktop app:'));
    expect(desktop).toHaveLength(1);
    expect(desktop[0]).toMatch(/serving the same UI from the daemon instead\.$/);
  });
});
