import {
  encodeWsAnnounceReply,
  encodeWsAnswer,
  encodeWsOffer,
  encodeWsScrapeReply,
  type WsAnnounceRequest,
  type WsAnswerRequest,
  type WsClientRequest,
  type WsScrapeRequest,
} from '../../core/protocol/tracker/ws-server.js';
import { binaryStringToHex, WsTrackerError, type WsCounts } from '../../core/protocol/tracker/ws-common.js';
import { fromHex } from '../../core/protocol/hex.js';
import { OfferBudget } from './offer-budget.js';
import { WsConnState } from './ws-conn-state.js';
import { WsSwarm, type PendingOffer } from './ws-swarm-peers.js';

export type { WsCounts };

/** Where the registry's replies go; the socket layer sends them, tests record them. */
export interface Outbox<C> {
  send(conn: C, message: string): void;
}

export interface WsSwarmRegistryOptions<C> {
  intervalSeconds: number;
  peerTimeoutMs: number;
  offersPerSecond: number;
  /** Distinct peer ids one connection may announce. */
  maxPeerIdsPerConn: number;
  /** Swarm memberships (info hash + peer id) one connection may hold; bounds what one socket makes us store. */
  maxTorrentsPerConn: number;
  /** Undefined: every torrent is allowed (and no hex conversion is paid per announce). */
  isAllowed?: (infoHashHex: string) => boolean;
  outbox: Outbox<C>;
}

/** Announces refused because a connection reached a limit, by limit. */
export interface WsRegistryLimited {
  peerIdsPerSocket: number;
  torrentsPerSocket: number;
}

/** A relayed offer older than this cannot be answered (the reference client gives up after 50 s). */
const OFFER_TTL_MS = 60_000;
const ID_LENGTH = 20;

/**
 * The pure core of WebRTC signalling: swarms of WebRTC peers keyed by binary info hash, offer
 * routing, answer forwarding and scrape, with the ownership rules that stop one socket from
 * speaking for another's peer id. No sockets: `C` is whatever identifies a connection.
 */
export class WsSwarmRegistry<C> {
  private readonly swarms = new Map<string, WsSwarm<C>>();
  private readonly conns = new Map<C, WsConnState>();
  readonly limited: WsRegistryLimited = { peerIdsPerSocket: 0, torrentsPerSocket: 0 };

  constructor(private readonly options: WsSwarmRegistryOptions<C>) {}

  /** Applies one validated request from `conn`; throws WsTrackerError for a refused one. */
  handle(conn: C, request: WsClientRequest, now: number): void {
    if (request.action === 'announce') this.announce(conn, request, now);
    else if (request.action === 'answer') this.answer(conn, request, now);
    else this.scrape(conn, request);
  }

  /** A closed socket's peers leave their swarms at once. */
  disconnect(conn: C): void {
    const state = this.conns.get(conn);
    if (!state) return;
    this.conns.delete(conn);
    for (const key of state.memberships) this.removePeer(key.slice(0, ID_LENGTH), key.slice(ID_LENGTH));
  }

  /** Drops peers that stopped announcing and offers nobody answered in time. */
  expire(now: number): void {
    for (const [infoHash, swarm] of this.swarms) {
      for (const peer of swarm.idlePeers(now - this.options.peerTimeoutMs)) {
        this.conns.get(peer.conn)?.leave(infoHash, peer.peerId);
        this.removePeer(infoHash, peer.peerId);
      }
      swarm.expireOffers(now);
    }
  }

  countsByHex(infoHashHex: string): WsCounts | undefined {
    const swarm = this.swarms.get(String.fromCharCode(...fromHex(infoHashHex)));
    return swarm?.counts();
  }

  stats(): { torrents: number; peers: number; seeders: number; leechers: number } {
    let seeders = 0;
    let leechers = 0;
    for (const swarm of this.swarms.values()) {
      const counts = swarm.counts();
      seeders += counts.complete;
      leechers += counts.incomplete;
    }
    return { torrents: this.swarms.size, peers: seeders + leechers, seeders, leechers };
  }

  forEachPeerId(visit: (peerId: string) => void): void {
    for (const swarm of this.swarms.values()) for (const peer of swarm.peers()) visit(peer.peerId);
  }

  private announce(conn: C, request: WsAnnounceRequest, now: number): void {
    const { infoHash, peerId } = request;
    if (this.options.isAllowed && !this.options.isAllowed(binaryStringToHex(infoHash))) {
      throw new WsTrackerError('ws-not-allowed', 'this tracker does not serve that torrent', 'announce', infoHash);
    }
    const existing = this.swarms.get(infoHash)?.get(peerId);
    if (existing && existing.conn !== conn) {
      throw refusal('ws-peer-id-taken', 'peer_id is in use by another connection', infoHash);
    }
    const state = this.stateOf(conn, now);
    if (request.event === 'stopped') {
      if (existing) {
        state.leave(infoHash, peerId);
        this.removePeer(infoHash, peerId);
      }
      this.reply(conn, infoHash, this.swarms.get(infoHash)?.counts() ?? ZERO);
      return;
    }
    const swarm = this.join(conn, state, request, now);
    // Only offers that have somewhere to go are charged to the socket's budget.
    const wanted = Math.min(request.offers.length, swarm.size - 1);
    const granted = state.budget.take(wanted, now);
    const warning = granted < wanted ? 'offer rate limit reached; some offers were not relayed' : undefined;
    this.reply(conn, infoHash, swarm.counts(), warning);
    this.route(conn, swarm, request, granted, now);
  }

  private join(conn: C, state: WsConnState, request: WsAnnounceRequest, now: number): WsSwarm<C> {
    const { infoHash, peerId } = request;
    if (!state.isIn(infoHash, peerId)) this.checkRoom(state, request);
    let swarm = this.swarms.get(infoHash);
    if (!swarm) {
      swarm = new WsSwarm();
      this.swarms.set(infoHash, swarm);
    }
    state.join(infoHash, peerId);
    swarm.upsert(conn, peerId, request.left, request.event === 'completed', now);
    return swarm;
  }

  /** Refuses a new membership past the connection's limits. */
  private checkRoom(state: WsConnState, { infoHash, peerId }: WsAnnounceRequest): void {
    const o = this.options;
    if (state.memberships.size >= o.maxTorrentsPerConn) {
      this.limited.torrentsPerSocket++;
      throw refusal('ws-too-many-torrents', `at most ${o.maxTorrentsPerConn} torrents per connection`, infoHash);
    }
    if (!state.hasPeerId(peerId) && state.peerIdCount >= o.maxPeerIdsPerConn) {
      this.limited.peerIdsPerSocket++;
      throw refusal('ws-too-many-peer-ids', `at most ${o.maxPeerIdsPerConn} peer ids per connection`, infoHash);
    }
  }

  /** Each offer goes to a different other peer of the swarm, never back to the announcer. */
  private route(conn: C, swarm: WsSwarm<C>, request: WsAnnounceRequest, granted: number, now: number): void {
    const targets = swarm.sample(granted, request.peerId);
    const pending: PendingOffer<C> = { from: request.peerId, fromConn: conn, expiresAt: now + OFFER_TTL_MS };
    for (let i = 0; i < targets.length; i++) {
      const target = targets[i]!;
      const offer = request.offers[i]!;
      if (swarm.expectAnswer(target, offer.offerId, pending, now)) {
        this.options.outbox.send(target.conn, encodeWsOffer(request.infoHash, request.peerId, offer));
      }
    }
  }

  /** Forwards an answer only from the peer the offer was routed to, only once, only to the offerer. */
  private answer(conn: C, request: WsAnswerRequest, now: number): void {
    const { infoHash, peerId, toPeerId, offerId } = request;
    const swarm = this.swarms.get(infoHash);
    const answerer = swarm?.get(peerId);
    if (!swarm || !answerer)
      throw refusal('ws-answer-unknown-peer', 'answer from a peer_id that has not announced here', infoHash);
    if (answerer.conn !== conn) throw refusal('ws-peer-id-taken', 'peer_id is in use by another connection', infoHash);
    const offer = swarm.takeAnswer(answerer, offerId, toPeerId, now);
    if (!offer)
      throw refusal(
        'ws-answer-not-routed',
        'answer for an offer that was not relayed to this peer, or already answered',
        infoHash,
      );
    if (swarm.get(toPeerId)?.conn !== offer.fromConn)
      throw refusal('ws-offerer-gone', 'the offering peer has left', infoHash);
    this.options.outbox.send(offer.fromConn, encodeWsAnswer(infoHash, peerId, offerId, request.answer));
  }

  private scrape(conn: C, request: WsScrapeRequest): void {
    const files = new Map<string, WsCounts>();
    for (const infoHash of request.infoHashes) files.set(infoHash, this.swarms.get(infoHash)?.counts() ?? ZERO);
    this.options.outbox.send(conn, encodeWsScrapeReply(files));
  }

  private reply(conn: C, infoHash: string, counts: WsCounts, warning?: string): void {
    this.options.outbox.send(conn, encodeWsAnnounceReply(infoHash, this.options.intervalSeconds, counts, warning));
  }

  private stateOf(conn: C, now: number): WsConnState {
    let state = this.conns.get(conn);
    if (!state) {
      state = new WsConnState(new OfferBudget(this.options.offersPerSecond, now));
      this.conns.set(conn, state);
    }
    return state;
  }

  private removePeer(infoHash: string, peerId: string): void {
    const swarm = this.swarms.get(infoHash);
    if (!swarm) return;
    swarm.remove(peerId);
    if (swarm.size === 0) this.swarms.delete(infoHash);
  }
}

function refusal(code: string, message: string, infoHash: string): WsTrackerError {
  return new WsTrackerError(code, message, 'announce', infoHash);
}

const ZERO: WsCounts = { complete: 0, incomplete: 0, downloaded: 0 };
