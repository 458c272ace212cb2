import { createHash } from 'node:crypto';
import { BLOCK_SIZE } from '../../protocol/pieces.js';

/**
 * Who sent which block of the pieces in flight, and, for a piece that failed its hash, what each
 * block looked like. A piece that fails with a single sender convicts it at once (data channels are
 * reliable and checksummed: corruption is deliberate or a broken peer). A piece with several
 * senders convicts no one yet; when it later passes, every sender whose earlier block differs from
 * the good one is convicted (libtorrent calls this smart ban), so honest peers that shared a bad
 * piece with a liar are never punished. Peers are named by peer id, so a liar that reconnects is
 * still known.
 */
export class SmartBan {
  private readonly senders = new Map<number, Map<number, string>>();
  private readonly failed = new Map<number, Map<number, { peer: string; digest: string }>>();

  blockStored(index: number, begin: number, peer: string): void {
    let blocks = this.senders.get(index);
    if (!blocks) this.senders.set(index, (blocks = new Map()));
    blocks.set(begin, peer);
  }

  /** The piece failed; returns the peers convicted now. */
  pieceFailed(index: number, data: Uint8Array): string[] {
    const blocks = this.senders.get(index) ?? new Map<number, string>();
    this.senders.delete(index);
    const peers = new Set(blocks.values());
    if (peers.size === 1) {
      this.failed.delete(index);
      return [...peers];
    }
    const record = this.failed.get(index) ?? new Map<number, { peer: string; digest: string }>();
    for (const [begin, peer] of blocks) record.set(begin, { peer, digest: blockDigest(data, begin) });
    this.failed.set(index, record);
    return [];
  }

  /** The piece passed; returns the peers whose blocks in an earlier failed attempt were wrong. */
  pieceVerified(index: number, data: Uint8Array): string[] {
    this.senders.delete(index);
    const record = this.failed.get(index);
    if (!record) return [];
    this.failed.delete(index);
    const convicted = new Set<string>();
    for (const [begin, { peer, digest }] of record) if (blockDigest(data, begin) !== digest) convicted.add(peer);
    return [...convicted];
  }
}

function blockDigest(data: Uint8Array, begin: number): string {
  return createHash('sha1')
    .update(data.subarray(begin, begin + BLOCK_SIZE))
    .digest('hex');
}
