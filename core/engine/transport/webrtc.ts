import type {
  IncomingAnswer,
  OutgoingOffer,
  SessionDescription,
  SignalingPeers,
} from '../tracker-client/ws-announce-types.js';
import { TransportError } from './errors.js';
import type * as RtcPeerModule from './rtc-peer.js';
import type { IceServer, RtcPeer } from './rtc-peer.js';

export { TransportError } from './errors.js';

export interface RtcSettings {
  /** [] on a LAN and in tests. */
  iceServers: IceServer[];
  /** Budget for gathering candidates, and for connecting once both descriptions are known. Default 15 s. */
  connectTimeoutMs?: number;
}

/** One public STUN server, so that peers behind NAT learn their public address. */
export const DEFAULT_ICE_SERVERS: RtcSettings['iceServers'] = [{ urls: 'stun:stun.l.google.com:19302' }];

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

/**
 * node-datachannel and simple-peer load with the first connection, not with the engine: a seeder
 * whose swarms have no leecher never needs them, and they cost an idle engine a fifth of its memory
 * (20 MiB: 72 MiB resident instead of 92 with a hundred torrents seeding).
 */
let rtcPeerModule: Promise<typeof RtcPeerModule> | undefined;
const loadRtcPeer = () => (rtcPeerModule ??= import('./rtc-peer.js'));

/**
 * WebRTC data channels (simple-peer on node-datachannel) as duplex byte streams, with the offer
 * and answer exchanged by whoever signals (the WebSocket tracker pool). Keeps count of its live
 * RTCPeerConnections, pending offers included, and closes them all on close().
 */
export class WebRtcTransport implements SignalingPeers {
  private readonly peers = new Set<RtcPeer>();
  private iceServers: IceServer[];
  private readonly connectTimeoutMs: number;
  private closed = false;

  constructor(settings: RtcSettings) {
    this.iceServers = copyServers(settings.iceServers);
    this.connectTimeoutMs = settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  /** A new offer, resolved once its description lists every local candidate. */
  async createOffer(): Promise<OutgoingOffer> {
    const peer = await this.open(true);
    const description = await peer.description;
    return {
      description,
      accept: (answer) => peer.signal(answer),
      connected: peer.connected,
      close: () => peer.abandon(),
    };
  }

  /** An answer to a remote offer; rejects with 'rtc-bad-description' when the offer is refused. */
  async answerOffer(offer: SessionDescription): Promise<IncomingAnswer> {
    if (offer?.type !== 'offer' || typeof offer.sdp !== 'string') {
      throw new TransportError('rtc-bad-description', 'a remote offer must be {type: "offer", sdp: string}');
    }
    const peer = await this.open(false);
    peer.signal(offer);
    const description = await peer.description;
    return { description, connected: peer.connected, close: () => peer.abandon() };
  }

  /** Live RTCPeerConnections (pending offers included). */
  get openConnections(): number {
    return this.peers.size;
  }

  /** Used for connections made from now on. */
  setIceServers(servers: RtcSettings['iceServers']): void {
    this.iceServers = copyServers(servers);
  }

  /** Destroys every connection, connected streams included; later offers and answers are refused. */
  close(): void {
    this.closed = true;
    for (const peer of this.peers) peer.destroy();
  }

  private async open(initiator: boolean): Promise<RtcPeer> {
    const { RtcPeer } = await loadRtcPeer();
    if (this.closed) throw new TransportError('rtc-closed', 'the WebRTC transport is closed');
    const peer: RtcPeer = new RtcPeer({
      initiator,
      iceServers: this.iceServers,
      connectTimeoutMs: this.connectTimeoutMs,
      onGone: () => this.peers.delete(peer),
    });
    this.peers.add(peer);
    return peer;
  }
}

function copyServers(servers: readonly IceServer[]): IceServer[] {
  return servers.map((s) => ({ ...s, urls: Array.isArray(s.urls) ? [...s.urls] : s.urls }));
}
