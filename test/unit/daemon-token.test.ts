import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonError } from '../../daemon/errors.js';
import { bearerToken, loadOrCreateToken, TOKEN_FILE, tokensEqual } from '../../daemon/token.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoal-token-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('daemon token file', () => {
  it('creates 32 random bytes as base64url in a 0600 file, in a data folder it creates', async () => {
    const dataDir = path.join(root, 'new', 'data');
    const token = await loadOrCreateToken(dataDir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const file = path.join(dataDir, TOKEN_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(token);
    expect(await loadOrCreateToken(dataDir)).toBe(token);
    expect(await loadOrCreateToken(path.join(root, 'other'))).not.toBe(token);
  });

  it('narrows a token file others may read to 0600', async () => {
    const token = await loadOrCreateToken(root);
    await chmod(path.join(root, TOKEN_FILE), 0o644);
    expect(await loadOrCreateToken(root)).toBe(token);
    expect((await stat(path.join(root, TOKEN_FILE))).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that holds no token, naming it, and leaves it as it is', async () => {
    const file = path.join(root, TOKEN_FILE);
    await writeFile(file, 'hello\n');
    const error = await loadOrCreateToken(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaemonError);
    expect(error).toMatchObject({ code: 'bad-token-file', message: expect.stringContaining(file) });
    expect(await readFile(file, 'utf8')).toBe('hello\n');
  });
});

describe('daemon token checks', () => {
  it('compares equal tokens only, whatever the lengths', () => {
    const token = 'a'.repeat(43);
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(`${token}a`, token)).toBe(false);
    expect(tokensEqual(token.slice(1), token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
  });

  it('reads a Bearer header and nothing else', () => {
    expect(bearerToken('Bearer abc_-1')).toBe('abc_-1');
    expect(bearerToken('bearer abc')).toBe('abc');
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'abc']) {
      expect(bearerToken(header), String(header)).toBeUndefined();
    }
  });
});
