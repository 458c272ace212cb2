import { randomBytes } from 'node:crypto';
import { SwarmStore, type PeerAnnounce } from '../../tracker/swarm-store.js';

/**
 * RSS growth per tracked peer: PEERS IPv4 peers over TORRENTS torrents inserted through the swarm
 * store, in this process, measured after full garbage collections (run with --expose-gc).
 */
export interface MemoryBenchResult {
  peers: number;
  torrents: number;
  rssBytes: number;
  heapBytes: number;
  bytesPerPeer: number;
}

export function runMemoryBench(peers = 1_000_000, torrents = 100_000): MemoryBenchResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const keys = Array.from({ length: torrents }, () => String.fromCharCode(...randomBytes(20)));
  const noise = randomBytes(peers * 4);
  const announce: PeerAnnounce = {
    infoHash: '',
    ip: new Uint8Array(4),
    port: 0,
    peerId: new Uint8Array(20),
    left: 0,
    event: 'started',
    numwant: 0,
    bothFamilies: false,
    withPeerIds: false,
  };
  const store = new SwarmStore(200);
  gc();
  gc();
  const before = process.memoryUsage();
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < peers; i++) {
    announce.infoHash = keys[i % torrents]!;
    announce.ip.set(noise.subarray(4 * i, 4 * i + 4));
    announce.port = 1024 + (i % 60000);
    announce.peerId.set(noise.subarray(4 * i, 4 * i + 4), 16);
    announce.left = i % 3 === 0 ? 0 : 1000;
    store.announce(announce, now);
  }
  gc();
  gc();
  const after = process.memoryUsage();
  const totals = store.totals();
  if (totals.peers !== peers || totals.torrents !== torrents) throw new Error(`store holds ${JSON.stringify(totals)}`);
  const rssBytes = after.rss - before.rss;
  return { peers, torrents, rssBytes, heapBytes: after.heapUsed - before.heapUsed, bytesPerPeer: rssBytes / peers };
}
