import { runMemoryBench } from './memory.js';

const r = runMemoryBench();
console.log(
  `  ${r.peers} peers, ${r.torrents} torrents: RSS +${(r.rssBytes / 2 ** 20).toFixed(1)} MiB, heap +${(r.heapBytes / 2 ** 20).toFixed(1)} MiB → ${r.bytesPerPeer.toFixed(1)} bytes/peer (goal ≤ 100)`,
);
