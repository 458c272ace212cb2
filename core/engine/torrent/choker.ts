import type { PeerKey } from './piece-picker.js';
import { ScheduleError } from './schedule-error.js';

export interface ChokerPeer {
  key: PeerKey;
  interested: boolean;
  /** Bytes per second the peer sends us. */
  downloadRate: number;
  /** Bytes per second we send the peer. */
  uploadRate: number;
  connectedAt: number;
  /** It has sent us nothing for a long while although unchoked: ranked after every other peer. */
  snubbed?: boolean;
}

const DEFAULT_SLOTS = 4;
/** How long an optimistic unchoke lasts before it rotates (BEP 3: 30 s). */
const OPTIMISTIC_MS = 30_000;
/** Peers connected this recently are three times as likely to get the optimistic unchoke (as in Transmission). */
const NEW_PEER_MS = 45_000;
const NEW_PEER_WEIGHT = 3;

/**
 * Tit-for-tat (BEP 3): the `slots` interested peers that send to us fastest are unchoked (when
 * seeding: those we send to fastest, so our upload goes where it flows best); ties keep whoever
 * holds a slot already, then fall randomly. One more interested peer gets an optimistic unchoke
 * that holds for 30 s outside the ranking, then rotates, so newcomers get a chance to show what
 * they give; new ones are favoured because they have nothing to trade yet.
 */
export class Choker {
  private readonly slots: number;
  private readonly random: () => number;
  private regular = new Set<PeerKey>();
  private optimistic: PeerKey | undefined;
  private optimisticSince = 0;

  constructor(options: { slots?: number; random?: () => number } = {}) {
    const slots = options.slots ?? DEFAULT_SLOTS;
    if (!Number.isSafeInteger(slots) || slots < 0) {
      throw new ScheduleError('bad-option', `upload slots ${slots} is not a non-negative integer`);
    }
    this.slots = slots;
    this.random = options.random ?? Math.random;
  }

  /** Call every 10 s (and when peers come or go); returns who is unchoked now. */
  decide(peers: readonly ChokerPeer[], seeding: boolean, now: number): Set<PeerKey> {
    const interested = peers.filter((p) => p.interested);
    const current = this.optimistic;
    const held = interested.some((p) => p.key === current) && now - this.optimisticSince < OPTIMISTIC_MS;
    const ranked = this.rank(held ? interested.filter((p) => p.key !== current) : interested, seeding);
    this.regular = new Set(ranked.slice(0, this.slots).map((p) => p.key));
    if (!held) this.draw(ranked.slice(this.slots), now);
    const unchoked = new Set(this.regular);
    if (this.optimistic !== undefined) unchoked.add(this.optimistic);
    return unchoked;
  }

  private rank(peers: readonly ChokerPeer[], seeding: boolean): ChokerPeer[] {
    const salt = new Map(peers.map((p) => [p.key, this.random()]));
    const rate = (p: ChokerPeer) => (seeding ? p.uploadRate : p.downloadRate);
    const snubbed = (p: ChokerPeer) => !seeding && p.snubbed === true;
    return [...peers].sort(
      (a, b) =>
        Number(snubbed(a)) - Number(snubbed(b)) ||
        rate(b) - rate(a) ||
        Number(this.regular.has(b.key)) - Number(this.regular.has(a.key)) ||
        salt.get(a.key)! - salt.get(b.key)!,
    );
  }

  /** A new optimistic unchoke by weighted lot, another peer than the last one when there is a choice. */
  private draw(candidates: readonly ChokerPeer[], now: number): void {
    const others = candidates.length > 1 ? candidates.filter((p) => p.key !== this.optimistic) : candidates;
    const weight = (p: ChokerPeer) => (now - p.connectedAt < NEW_PEER_MS ? NEW_PEER_WEIGHT : 1);
    let total = 0;
    for (const p of others) total += weight(p);
    let ticket = this.random() * total;
    this.optimistic = others.at(-1)?.key;
    this.optimisticSince = now;
    for (const p of others) {
      ticket -= weight(p);
      if (ticket < 0) {
        this.optimistic = p.key;
        return;
      }
    }
  }
}
