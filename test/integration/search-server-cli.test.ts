import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTorrent } from '../helpers/search-server.js';
import { SHOAL_BIN, shoal, startShoal } from '../helpers/shoal-cli.js';

/** Runs the built CLI without blocking the event loop (the server under test lives in another process, but fetches run here). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SHOAL_BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Waits for the server's "listening" log line and returns its local URL. */
async function listeningUrl(child: ReturnType<typeof startShoal>['child']): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line: ${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.includes('search server listening'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once('exit', () => reject(new Error(`exited early: ${out}`)));
  });
}

describe('shoal search-server and shoal publish (built CLI, real processes)', () => {
  let dir: string;
  let db: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-search-cli-'));
    db = join(dir, 'search.sqlite');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help with every setting, its environment variable and the admin commands', () => {
    const run = shoal(['search-server', '--help']);
    expect(run.status).toBe(0);
    for (const text of [
      '--port',
      '--public-url',
      'SHOAL_SEARCH_PUBLIC_URL',
      '--anonymous-publish',
      '--print-config',
      'token create <name>',
      'blocklist add',
    ]) {
      expect(run.stdout).toContain(text);
    }
    const publish = shoal(['publish', '--help']);
    expect(publish.status).toBe(0);
    expect(publish.stdout).toContain('--search URL');
  });

  it('prints the effective configuration from flags, environment and file', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ scrapeInterval: 0, publicUrl: 'https://search.example.org' }));
    process.env.SHOAL_SEARCH_PORT = '9999';
    try {
      const run = shoal([
        'search-server',
        '--print-config',
        '--config',
        file,
        '--tracker',
        'udp://t.example:1',
        '--tracker',
        'wss://t.example',
      ]);
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        port: 9999,
        host: '127.0.0.1',
        tracker: ['udp://t.example:1', 'wss://t.example'],
        publicUrl: 'https://search.example.org',
        scrapeInterval: 0,
        anonymousPublish: false,
      });
    } finally {
      delete process.env.SHOAL_SEARCH_PORT;
    }
    const bad = shoal(['search-server', '--print-config', '--port', 'eighty']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/port \(--port\)/);
    const unknown = shoal(['search-server', '--colour']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/colour/);
  });

  it('creates, lists and revokes tokens; publishes with shoal publish; stops on SIGTERM', async () => {
    const created = shoal(['search-server', 'token', 'create', 'alice', '--db', db]);
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(created.stderr).toContain('shown only this once');
    expect(shoal(['search-server', 'token', 'create', 'mallory', '--db', db]).status).toBe(0);
    const revoked = shoal(['search-server', 'token', 'revoke', 'mallory', '--db', db]);
    expect(revoked.status).toBe(0);
    const list = shoal(['search-server', 'token', 'list', '--db', db]).stdout;
    expect(list).toMatch(/\talice\tpublisher\t.*\tactive/);
    expect(list).toMatch(/\tmallory\tpublisher\t.*\trevoked/);
    expect(shoal(['search-server', 'token', 'create', 'x', '--role', 'king', '--db', db]).status).toBe(2);

    const server = startShoal(['search-server', '--port', '0', '--db', db, '--scrape-interval', '0']);
    try {
      const url = await listeningUrl(server.child);
      const file = join(dir, 'My Torrent.torrent');
      const bytes = makeTorrent({ name: 'cli-published' });
      writeFileSync(file, bytes);
      const publish = (args: string[]) => cli(['publish', ...args]);
      const ok = await publish([
        file,
        '--search',
        url,
        '--token',
        token,
        '--title',
        'From the CLI',
        '--category',
        '4000',
        '--tag',
        'a',
        '--tag',
        'b',
      ]);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      const pageUrl = ok.stdout.trim();
      expect(pageUrl).toMatch(new RegExp(`^${url}/t/[0-9a-f]{40}$`));
      const detail = (await (await fetch(`${url}/api/v1/torrents/${pageUrl.slice(-40)}`)).json()) as Record<
        string,
        unknown
      >;
      expect(detail).toMatchObject({ title: 'From the CLI', category: 4000, tags: ['a', 'b'], name: 'cli-published' });
      const download = new Uint8Array(await (await fetch(`${pageUrl}.torrent`)).arrayBuffer());
      expect(download).toEqual(bytes);

      const again = await publish([file, '--search', url, '--token', token]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/HTTP 409.*already published.*existing entry: http:\/\/127\.0\.0\.1:\d+\/t\/1/);
      const revokedToken = await publish([file, '--search', url]);
      expect(revokedToken.status).toBe(1);
      expect(revokedToken.stderr).toContain('HTTP 401');
      const found = await cli(['search', 'from', 'the', 'cli', '--search', url]);
      expect(found.status).toBe(0);
      expect(found.stdout).toMatch(new RegExp(`^\\s+0\\s+\\S+ KiB\\s+From the CLI\\s+${pageUrl}\\n$`));
      const tooMany = await cli(['search', 'x', '--search', url, '--limit', '1000']);
      expect(tooMany.status).toBe(1);
      expect(tooMany.stderr).toContain('HTTP 400');
      const badCategory = await publish([file, '--search', url, '--token', token, '--category', '31337']);
      expect(badCategory.stderr).toMatch(/HTTP 400.*category "31337" is not a known category id/);
    } finally {
      server.child.kill('SIGTERM');
    }
    const exit = await server.done;
    expect(exit.status).toBe(0);
    expect(exit.stdout).toContain('"msg":"stopped"');
  });
});
