import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildPeer } from './child-rpc.js';
import type { Cleanup } from './cleanup.js';
import type { PeerOptions } from './peer-api.js';

/** Starting peer processes from the parent: each stopped by `cleanup`, each with a folder of its own. */

export type PeerKind = 'shoal' | 'webtorrent';

/** Scripts sit beside this file in dist/bench/transfer/. */
const script = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

const SCRIPTS: Record<PeerKind, string> = { shoal: script('shoal-peer'), webtorrent: script('webtorrent-peer') };

/** A Shoal or webtorrent peer in a new process, working in `root/name`. */
export async function startPeer(
  kind: PeerKind,
  cleanup: Cleanup,
  root: string,
  name: string,
  options: PeerOptions,
): Promise<ChildPeer> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  const peer = await ChildPeer.start(SCRIPTS[kind], [folder, JSON.stringify(options)], name);
  cleanup.add(`stopping ${name}`, () => peer.stop());
  return peer;
}

/** One end of the raw data channel (raw-peer.ts). */
export async function startRawPeer(cleanup: Cleanup, name: string): Promise<ChildPeer> {
  const peer = await ChildPeer.start(script('raw-peer'), [], name);
  cleanup.add(`stopping ${name}`, () => peer.stop());
  return peer;
}
