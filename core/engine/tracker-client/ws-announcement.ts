import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import {
  encodeWsAnnounceRequest,
  encodeWsAnswerRequest,
  type WsTrackerMessage,
} from '../../protocol/tracker/ws-client.js';
import { fromBinaryString, toBinaryString, type WsOffer } from '../../protocol/tracker/ws-common.js';
import type {
  OutgoingOffer,
  SignalingPeers,
  WsAnnouncement,
  WsAnnounceStatus,
  WsSwarmMember,
} from './ws-announce-types.js';
import type { TrackerSocket } from './ws-socket.js';

export interface AnnouncementOptions {
  offerTimeoutMs: number;
  maxOffersPerAnnounce: number;
}

/** Announces asked for in quick succession (peers leaving one after another) go out as one. */
const DEBOUNCE_MS = 2000;
/** Used until the tracker says; the reference tracker's WebSocket interval. */
const DEFAULT_INTERVAL_S = 120;
/** A tracker asking for less would have us announce in a loop. */
const MIN_INTERVAL_S = 5;

/**
 * One torrent on one tracker socket. Offers are made lazily: every announce first goes out
 * without offers; its reply's counts say how many peers of the swarm could use us (for a seeder
 * only leechers), and only then, if the torrent still wants peers, a second announce carries that
 * many offers (capped). So a seeder alone in its swarm holds no RTCPeerConnection, and a newcomer
 * still meets the peers already there: it is the one that offers.
 */
export class Announcement implements WsAnnouncement {
  private readonly offers = new Map<string, { offer: OutgoingOffer; timer: NodeJS.Timeout }>();
  private readonly infoHash: string;
  private readonly peerId: string;
  private connected = 0;
  private answering = 0;
  private started = false;
  private completedPending = false;
  private left = false;
  private lastSentAt = 0;
  private announceTimer: NodeJS.Timeout | undefined;
  private intervalTimer: NodeJS.Timeout | undefined;
  private state: WsAnnounceStatus['state'] = 'connecting';
  private lastAnnounceAt: number | undefined;
  private lastError: string | undefined;
  private counts: { complete?: number; incomplete?: number } = {};
  private intervalSeconds: number | undefined;
  /** The reply we wait for decides the offers (only a reply to an announce without offers does). */
  private awaitingCounts = false;

  constructor(
    private readonly url: string,
    private readonly member: WsSwarmMember,
    private readonly socket: TrackerSocket,
    private readonly peers: SignalingPeers,
    private readonly options: AnnouncementOptions,
  ) {
    this.infoHash = toBinaryString(member.infoHash);
    this.peerId = toBinaryString(member.peerId);
  }

  /** The socket (re)connected: the tracker knows nothing of us yet. */
  socketOpened(): void {
    this.started = false;
    this.send();
  }

  /** The socket dropped (`lost`: the tracker forgot us and our offers) or sent garbage. */
  socketFailed(reason: string, lost: boolean): void {
    if (this.left) return;
    this.state = 'error';
    this.lastError = reason;
    if (lost) this.closeOffers();
  }

  announce(event?: 'completed'): void {
    if (this.left) return;
    if (event === 'completed') this.completedPending = true;
    const wait = this.lastSentAt + DEBOUNCE_MS - Date.now();
    if (event === 'completed' || wait <= 0) return this.send();
    if (!this.announceTimer) {
      this.announceTimer = setTimeout(() => {
        this.announceTimer = undefined;
        this.send();
      }, wait).unref();
    }
  }

  leave(): void {
    if (this.left) return;
    this.left = true;
    clearTimeout(this.announceTimer);
    clearTimeout(this.intervalTimer);
    this.closeOffers();
    if (this.started) this.socket.send(this.request('stopped', []));
    this.state = 'stopped';
  }

  status(): WsAnnounceStatus {
    return {
      url: this.url,
      state: this.state,
      ...(this.lastAnnounceAt === undefined ? {} : { lastAnnounceAt: this.lastAnnounceAt }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...this.counts,
      ...(this.intervalSeconds === undefined ? {} : { intervalSeconds: this.intervalSeconds }),
      offersOpen: this.offers.size,
    };
  }

  onMessage(message: WsTrackerMessage): void {
    if (this.left) return;
    switch (message.kind) {
      case 'announce-reply':
        return this.onReply(message);
      case 'offer':
        return void this.onOffer(message.peerId, message.offerId, message.offer);
      case 'answer':
        return this.onAnswer(message.peerId, message.offerId, message.answer);
      case 'failure':
        this.state = 'error';
        this.lastError = `tracker refused: ${message.reason}`;
        this.awaitingCounts = false;
        return;
    }
  }

  /** A regular announce, without offers; its reply may lead to offers. */
  private send(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    if (this.left || !this.socket.isOpen) return;
    const event = !this.started ? 'started' : this.completedPending ? 'completed' : undefined;
    if (!this.socket.send(this.request(event, []))) return;
    this.started = true;
    this.completedPending = false;
    this.lastSentAt = Date.now();
    this.awaitingCounts = true;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    clearTimeout(this.intervalTimer);
    const seconds = Math.max(MIN_INTERVAL_S, this.intervalSeconds ?? DEFAULT_INTERVAL_S);
    this.intervalTimer = setTimeout(() => this.send(), seconds * 1000).unref();
  }

  private onReply(reply: Extract<WsTrackerMessage, { kind: 'announce-reply' }>): void {
    this.state = 'working';
    this.lastError = reply.warning === undefined ? undefined : `tracker warning: ${reply.warning}`;
    this.lastAnnounceAt = Date.now();
    this.counts = {
      ...(reply.complete === undefined ? {} : { complete: reply.complete }),
      ...(reply.incomplete === undefined ? {} : { incomplete: reply.incomplete }),
    };
    if (reply.intervalSeconds !== undefined && reply.intervalSeconds !== this.intervalSeconds) {
      this.intervalSeconds = reply.intervalSeconds;
      this.scheduleNext();
    }
    if (!this.awaitingCounts) return;
    this.awaitingCounts = false;
    void this.makeOffers(this.offerCount());
  }

  /** As many offers as the torrent wants peers and the swarm has peers we are not connected to. */
  private offerCount(): number {
    const complete = this.counts.complete ?? 0;
    const incomplete = this.counts.incomplete ?? 0;
    // The counts include us: a seeder is one of `complete`, a leecher one of `incomplete`.
    const others = this.member.seeding() ? incomplete : complete + incomplete - 1;
    const reachable = others - this.connected - this.offers.size;
    const wanted = this.member.wantedPeers() - this.offers.size - this.answering;
    return Math.max(0, Math.min(reachable, wanted, this.options.maxOffersPerAnnounce));
  }

  private async makeOffers(count: number): Promise<void> {
    if (count <= 0) return;
    const made: WsOffer[] = [];
    for (let i = 0; i < count; i++) {
      let offer: OutgoingOffer;
      try {
        offer = await this.peers.createOffer();
      } catch (e) {
        this.lastError = `cannot make a WebRTC offer: ${(e as Error).message}`;
        break;
      }
      if (this.left) return offer.close();
      const offerId = toBinaryString(randomBytes(20));
      const timer = setTimeout(() => this.dropOffer(offerId), this.options.offerTimeoutMs).unref();
      this.offers.set(offerId, { offer, timer });
      made.push({ offerId, offer: offer.description });
    }
    if (made.length > 0 && !this.socket.send(this.request(undefined, made))) {
      for (const o of made) this.dropOffer(o.offerId);
    }
  }

  private onAnswer(from: string, offerId: string, answer: { type: 'offer' | 'answer'; sdp: string }): void {
    const pending = this.offers.get(offerId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.offers.delete(offerId);
    pending.offer.accept(answer);
    void this.adopt(pending.offer.connected, pending.offer.close.bind(pending.offer), from);
  }

  private async onOffer(
    from: string,
    offerId: string,
    offer: { type: 'offer' | 'answer'; sdp: string },
  ): Promise<void> {
    if (from === this.peerId || this.member.wantedPeers() - this.answering <= 0) return;
    this.answering++;
    try {
      const reply = await this.peers.answerOffer(offer);
      if (this.left || !this.socket.isOpen) return reply.close();
      this.socket.send(
        encodeWsAnswerRequest({
          infoHash: this.infoHash,
          peerId: this.peerId,
          toPeerId: from,
          offerId,
          answer: reply.description,
        }),
      );
      await this.adopt(reply.connected, reply.close.bind(reply), from);
    } catch (e) {
      this.lastError = `cannot answer a WebRTC offer: ${(e as Error).message}`;
    } finally {
      this.answering--;
    }
  }

  /** Hands a connected channel to the torrent and counts it until it closes. */
  private async adopt(connected: Promise<Duplex>, close: () => void, remote: string): Promise<void> {
    let stream: Duplex;
    try {
      stream = await connected;
    } catch {
      close();
      return;
    }
    if (this.left) return void stream.destroy();
    this.connected++;
    stream.once('close', () => this.connected--);
    this.member.onPeer(stream, fromBinaryString(remote), this.url);
  }

  private dropOffer(offerId: string): void {
    const pending = this.offers.get(offerId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.offers.delete(offerId);
    pending.offer.close();
  }

  private closeOffers(): void {
    for (const id of [...this.offers.keys()]) this.dropOffer(id);
  }

  private request(event: 'started' | 'completed' | 'stopped' | undefined, offers: WsOffer[]): string {
    const stats = this.member.stats();
    return encodeWsAnnounceRequest({
      infoHash: this.infoHash,
      peerId: this.peerId,
      ...(event === undefined ? {} : { event }),
      uploaded: stats.uploaded,
      downloaded: stats.downloaded,
      ...(stats.left === undefined ? {} : { left: stats.left }),
      offers,
    });
  }
}
