import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EventName, ApiEventMap } from '../../core/api/index.js';
import { Session, type SessionOptions } from '../../core/engine/session/session.js';

/** Shorter timers than the defaults, so swarms meet within a test's time. */
export const FAST_WS = { offerTimeoutMs: 10_000, reconnect: { minMs: 200, maxMs: 2000 } };

export interface TestPeer {
  name: string;
  session: Session;
  dataDir: string;
  downloadDir: string;
  close(): Promise<void>;
}

/** A whole engine in this process with its own data and download folders under `root`, no ICE servers. */
export async function startPeer(root: string, name: string, options: Partial<SessionOptions> = {}): Promise<TestPeer> {
  const dataDir = path.join(root, name, 'data');
  const downloadDir = path.join(root, name, 'downloads');
  await mkdir(downloadDir, { recursive: true });
  const session = await Session.open({ dataDir, defaultDownloadDir: downloadDir, ws: FAST_WS, ...options });
  await session.setSettings({ iceServers: [] });
  return { name, session, dataDir, downloadDir, close: () => session.close() };
}

export async function tempRoot(prefix: string): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), `shoal-${prefix}-`));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Writes random files (path relative to `folder` → size in bytes) and returns their bytes. */
export async function makeFiles(folder: string, files: Record<string, number>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const [relative, size] of Object.entries(files)) {
    const file = path.join(folder, relative);
    await mkdir(path.dirname(file), { recursive: true });
    const data = randomBytes(size);
    await writeFile(file, data);
    out.set(relative, data);
  }
  return out;
}

/** Every file of `expected` is byte-identical under `folder`. */
export async function sameFiles(folder: string, expected: Map<string, Buffer>): Promise<boolean> {
  for (const [relative, data] of expected) {
    const got = await readFile(path.join(folder, relative)).catch(() => undefined);
    if (!got?.equals(data)) return false;
  }
  return true;
}

/** Resolves with the first event of that name that `match` accepts; rejects after `timeoutMs`. */
export function nextEvent<K extends EventName>(
  session: Session,
  event: K,
  match: (payload: ApiEventMap[K]) => boolean,
  timeoutMs = 30_000,
): Promise<ApiEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = session.events.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Polls `check` every 50 ms until it holds; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
