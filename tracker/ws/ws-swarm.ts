import {
  binaryStringToHex,
  encodeWsAnnounceReply,
  encodeWsAnswer,
  encodeWsOffer,
  encodeWsScrapeReply,
  WsTrackerError,
  type WsAnnounceRequest,
  type WsAnswerRequest,
  type WsClientRequest,
  type WsCounts,
  type WsScrapeRequest,
} from '../../core/protocol/tracker/ws.js';
import { fromHex } from '../../core/protocol/hex.js';
import { OfferBudget } from './offer-budget.js';
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
  /** Undefined: every torrent is allowed (and no hex conversion is paid per announce). */
  isAllowed?: (infoHashHex: string) => boolean;
  outbox: Outbox<C>;
}

/**
 * What one connection holds: its peers, keyed by info hash + peer id (one socket may carry several
 * peer ids: the reference client shares one socket per tracker URL among all clients of a page),
 * and its offer budget.
 */
interface ConnState {
  peers: Set<string>;
  budget: OfferBudget;
}

/** A relayed offer older than this cannot be answered (the reference client gives up after 50 s). */
const OFFER_TTL_MS = 60_000;
/** Peer ids one socket may hold over all swarms; bounds what a single socket can make us store. */
const MAX_PEERS_PER_CONN = 256;
const ID_LENGTH = 20;

/**
 * The pure core of WebRTC signalling: swarms of WebRTC peers keyed by binary info hash, offer
 * routing, answer forwarding and scrape, with the ownership rules that stop one socket from
 * speaking for another's peer id. No sockets: `C` is whatever identifies a connection.
 */
export class WsSwarmRegistry<C> {
  private readonly swarms = new Map<string, WsSwarm<C>>();
  private readonly conns = new Map<C, ConnState>();

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
    for (const key of state.peers) this.removePeer(key.slice(0, ID_LENGTH), key.slice(ID_LENGTH));
  }

  /** Drops peers that stopped announcing and offers nobody answered in time. */
  expire(now: number): void {
    for (const [infoHash, swarm] of this.swarms) {
      for (const peer of swarm.idlePeers(now - this.options.peerTimeoutMs)) {
        this.conns.get(peer.conn)?.peers.delete(infoHash + peer.peerId);
        this.removePeer(infoHash, peer.peerId);
      }
      swarm.expireOffers(now);
    }
  }

  countsByHex(infoHashHex: string): WsCounts | undefined {
    const swarm = this.swarms.get(String.fromCharCode(...fromHex(infoHashHex)));
    return swarm?.counts();
  }

  stats(): { torrents: number; peers: number; seeders: number; leechers: number; clients: Record<string, number> } {
    let seeders = 0;
    let leechers = 0;
    const clients: Record<string, number> = {};
    for (const swarm of this.swarms.values()) {
      const counts = swarm.counts();
      seeders += counts.complete;
      leechers += counts.incomplete;
      for (const peer of swarm.peers()) {
        const client = clientOf(peer.peerId);
        clients[client] = (clients[client] ?? 0) + 1;
      }
    }
    return { torrents: this.swarms.size, peers: seeders + leechers, seeders, leechers, clients };
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
        state.peers.delete(infoHash + peerId);
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

  private join(conn: C, state: ConnState, request: WsAnnounceRequest, now: number): WsSwarm<C> {
    const { infoHash, peerId } = request;
    const key = infoHash + peerId;
    if (!state.peers.has(key) && state.peers.size >= MAX_PEERS_PER_CONN) {
      throw new WsTrackerError(
        'ws-too-many-peers',
        `at most ${MAX_PEERS_PER_CONN} peer ids per connection`,
        'announce',
        infoHash,
      );
    }
    let swarm = this.swarms.get(infoHash);
    if (!swarm) {
      swarm = new WsSwarm();
      this.swarms.set(infoHash, swarm);
    }
    state.peers.add(key);
    swarm.upsert(conn, peerId, request.left, request.event === 'completed', now);
    return swarm;
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

  private stateOf(conn: C, now: number): ConnState {
    let state = this.conns.get(conn);
    if (!state) {
      state = { peers: new Set(), budget: new OfferBudget(this.options.offersPerSecond, now) };
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

/** Client family from an Azureus-style peer id ("-WW0208-…" → "WW"); anything else is "other". */
function clientOf(peerId: string): string {
  return peerId[0] === '-' && peerId[7] === '-' ? peerId.slice(1, 3) : 'other';
}
