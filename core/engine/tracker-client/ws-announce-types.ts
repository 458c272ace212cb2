import type { Duplex } from 'node:stream';

/**
 * What the WebSocket announce side needs from a WebRTC transport and from a torrent. The
 * transport (core/engine/transport) implements SignalingPeers structurally: this room imports only
 * core/protocol and itself.
 */

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface OutgoingOffer {
  readonly description: SessionDescription;
  /** Feeds the remote answer in; only the first call counts. */
  accept(answer: SessionDescription): void;
  /** Resolves when the data channel is open; rejects on failure or timeout. */
  readonly connected: Promise<Duplex>;
  /** Tears the RTCPeerConnection down unless it connected (the stream owns it then). Idempotent. */
  close(): void;
}

export interface IncomingAnswer {
  readonly description: SessionDescription;
  readonly connected: Promise<Duplex>;
  close(): void;
}

/** Implemented by WebRtcTransport. */
export interface SignalingPeers {
  createOffer(): Promise<OutgoingOffer>;
  answerOffer(offer: SessionDescription): Promise<IncomingAnswer>;
}

/** One torrent, as implemented by the torrent. */
export interface WsSwarmMember {
  /** 20 bytes. */
  readonly infoHash: Uint8Array;
  /** 20 bytes. */
  readonly peerId: Uint8Array;
  /** `left` is undefined while metadata is missing. */
  stats(): { uploaded: number; downloaded: number; left: number | undefined };
  seeding(): boolean;
  /** How many more peer connections the torrent would take now (its caps minus what it has); 0 = none. */
  wantedPeers(): number;
  /** A connected data channel to a peer of this swarm. The member owns it from here on. */
  onPeer(stream: Duplex, remotePeerId: Uint8Array, trackerUrl: string): void;
}

export interface WsAnnounceStatus {
  url: string;
  state: 'connecting' | 'working' | 'error' | 'stopped';
  lastAnnounceAt?: number;
  lastError?: string;
  complete?: number;
  incomplete?: number;
  intervalSeconds?: number;
  /** RTCPeerConnections this announcement holds, waiting for answers. */
  offersOpen: number;
}

export interface WsAnnouncement {
  /** Announce now (debounced: at most one per few seconds), e.g. when wantedPeers() rose; 'completed' once. */
  announce(event?: 'completed'): void;
  /** Sends 'stopped', closes its pending offers. */
  leave(): void;
  status(): WsAnnounceStatus;
}

export interface WsPoolOptions {
  /** Unanswered offers are closed after this. Default 50 s, as the reference client. */
  offerTimeoutMs?: number;
  /** Offers per announce. Default 10 (Shoal's tracker relays no more). */
  maxOffersPerAnnounce?: number;
  /** Exponential back-off with jitter between reconnects. Defaults 1 s … 5 min. */
  reconnect?: { minMs?: number; maxMs?: number };
  /** Refuse trackers at non-public addresses, as scrape does (address-guard.ts). */
  blockPrivateAddresses?: boolean;
}
