import type { OfferBudget } from './offer-budget.js';

/**
 * What one connection holds: its swarm memberships, keyed by info hash + peer id (one socket may
 * carry several peer ids: the reference client shares one socket per tracker URL among all
 * clients of a page), how many of them each peer id has, and the connection's offer budget.
 */
export class WsConnState {
  readonly memberships = new Set<string>();
  private readonly peerIds = new Map<string, number>();

  constructor(readonly budget: OfferBudget) {}

  get peerIdCount(): number {
    return this.peerIds.size;
  }

  hasPeerId(peerId: string): boolean {
    return this.peerIds.has(peerId);
  }

  isIn(infoHash: string, peerId: string): boolean {
    return this.memberships.has(infoHash + peerId);
  }

  join(infoHash: string, peerId: string): void {
    const key = infoHash + peerId;
    if (this.memberships.has(key)) return;
    this.memberships.add(key);
    this.peerIds.set(peerId, (this.peerIds.get(peerId) ?? 0) + 1);
  }

  leave(infoHash: string, peerId: string): void {
    if (!this.memberships.delete(infoHash + peerId)) return;
    const left = this.peerIds.get(peerId)! - 1;
    if (left === 0) this.peerIds.delete(peerId);
    else this.peerIds.set(peerId, left);
  }
}
