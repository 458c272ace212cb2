import type { WsCounts } from '../../core/protocol/tracker/ws-common.js';

/** An offer relayed to a peer, remembered so that exactly one answer from that peer goes back. */
export interface PendingOffer<C> {
  readonly from: string;
  readonly fromConn: C;
  readonly expiresAt: number;
}

/** One WebRTC peer: its connection, id, whether it seeds, and when it last announced. */
export interface WsPeer<C> {
  readonly conn: C;
  readonly peerId: string;
  seeder: boolean;
  lastSeen: number;
  /** Position in the swarm's dense list, for O(1) removal and random sampling. */
  index: number;
  /** Offers relayed to this peer and not yet answered, by offer id; dropped with the peer. */
  pending: Map<string, PendingOffer<C>> | undefined;
}

/** Unanswered offers one peer may have waiting; more are not relayed to it until some expire. */
const MAX_PENDING_PER_PEER = 128;

/**
 * The WebRTC peers of one torrent: a map by peer id plus a dense list for picking offer targets,
 * the seeder/leecher/completed counts kept up to date, and each peer's unanswered offers.
 */
export class WsSwarm<C> {
  private readonly byId = new Map<string, WsPeer<C>>();
  private readonly list: WsPeer<C>[] = [];
  private seeders = 0;
  private downloaded = 0;

  get size(): number {
    return this.list.length;
  }

  get(peerId: string): WsPeer<C> | undefined {
    return this.byId.get(peerId);
  }

  peers(): readonly WsPeer<C>[] {
    return this.list;
  }

  counts(): WsCounts {
    return { complete: this.seeders, incomplete: this.list.length - this.seeders, downloaded: this.downloaded };
  }

  /** Adds or refreshes a peer. `left` undefined keeps what was known; a completion counts once. */
  upsert(conn: C, peerId: string, left: number | undefined, completed: boolean, now: number): void {
    let peer = this.byId.get(peerId);
    if (!peer) {
      peer = { conn, peerId, seeder: false, lastSeen: now, index: this.list.length, pending: undefined };
      this.byId.set(peerId, peer);
      this.list.push(peer);
    }
    peer.lastSeen = now;
    const seeder = left === undefined ? peer.seeder || completed : left === 0;
    if (completed && !peer.seeder) this.downloaded++;
    if (seeder !== peer.seeder) this.seeders += seeder ? 1 : -1;
    peer.seeder = seeder;
  }

  remove(peerId: string): void {
    const peer = this.byId.get(peerId);
    if (!peer) return;
    this.byId.delete(peerId);
    const last = this.list.pop()!;
    if (last !== peer) {
      this.list[peer.index] = last;
      last.index = peer.index;
    }
    if (peer.seeder) this.seeders--;
  }

  /** Up to `count` distinct peers other than `exclude`, starting from a random point of the list. */
  sample(count: number, exclude: string): WsPeer<C>[] {
    const n = this.list.length;
    const out: WsPeer<C>[] = [];
    if (count <= 0 || n === 0) return out;
    const start = Math.floor(Math.random() * n);
    for (let i = 0; i < n && out.length < count; i++) {
      const peer = this.list[(start + i) % n]!;
      if (peer.peerId !== exclude) out.push(peer);
    }
    return out;
  }

  /**
   * Records an offer relayed to `target`. Refused (false) when the target already waits on a live
   * offer with that id from someone else, or on too many offers: an offerer cannot displace another's.
   */
  expectAnswer(target: WsPeer<C>, offerId: string, offer: PendingOffer<C>, now: number): boolean {
    target.pending ??= new Map();
    const existing = target.pending.get(offerId);
    if (existing && existing.expiresAt > now && existing.from !== offer.from) return false;
    if (!existing && target.pending.size >= MAX_PENDING_PER_PEER) return false;
    target.pending.set(offerId, offer);
    return true;
  }

  /** The live offer `offerId` from `from` that `answerer` was sent, consumed; else undefined. */
  takeAnswer(answerer: WsPeer<C>, offerId: string, from: string, now: number): PendingOffer<C> | undefined {
    const offer = answerer.pending?.get(offerId);
    if (!offer || offer.from !== from || offer.expiresAt <= now) return undefined;
    answerer.pending!.delete(offerId);
    return offer;
  }

  /** Forgets offers nobody answered in time. */
  expireOffers(now: number): void {
    for (const peer of this.list) {
      if (!peer.pending) continue;
      for (const [offerId, offer] of peer.pending) if (offer.expiresAt <= now) peer.pending.delete(offerId);
    }
  }

  /** Peers whose last announce is older than `before` (a copy: the caller removes them). */
  idlePeers(before: number): WsPeer<C>[] {
    return this.list.filter((peer) => peer.lastSeen < before);
  }
}
