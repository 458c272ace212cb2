import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DaemonError } from './errors.js';

export const TOKEN_FILE = 'daemon-token';
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The daemon's token: read from `<dataDir>/daemon-token`, or created there on first start (32
 * random bytes, base64url) readable by its owner only. A file others may read is narrowed to 0600;
 * one that holds no token is an error naming it, since replacing it would lock out whoever uses it.
 */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, TOKEN_FILE);
  const existing = await readToken(file);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  // 'wx': never replace a token file that appeared meanwhile.
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

async function readToken(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const token = text.trim();
  if (!TOKEN_FORMAT.test(token)) {
    throw new DaemonError('bad-token-file', `${file} does not hold a daemon token: delete it to create a new one`);
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return token;
}

/**
 * Compares in constant time whatever the lengths: both sides are hashed first, so neither the
 * position of the first wrong character nor the length of the right token shows in the timing.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}
