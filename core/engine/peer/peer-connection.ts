import type { Duplex } from 'node:stream';
import {
  decodeExtendedHandshake,
  encodeExtendedHandshake,
  encodeHandshake,
  encodeMessage,
  encodePieceHeader,
  WireParser,
  type ExtendedHandshake,
  type Handshake,
  type WireEvent,
  type WireMessage,
} from '../../protocol/wire/index.js';
import { CodedError } from '../../protocol/errors.js';
import { CLIENT_NAME } from './peer-id.js';
import { RateMeter } from './rate-meter.js';

/** Why a connection ended; `code` is stable for programs, `message` names the cause for logs. */
export class PeerCloseReason extends CodedError {}

export interface PeerConnectionOptions {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  /** Extensions we offer in the BEP 10 handshake: name → our local message id. */
  extensions: Record<string, number>;
  /** The info dict's size, when known: offered to peers that fetch metadata (BEP 9). */
  metadataSize?: number;
  /** How many requests we queue from a peer (sent as `reqq`). */
  maxQueuedRequests: number;
  maxMessageBytes?: number;
  handshakeTimeoutMs?: number;
  /** A peer silent for this long is dropped; we send a keep-alive after a third of it. */
  idleTimeoutMs?: number;
  now?: () => number;
}

/** The torrent's side of one connection: the wire's messages after the handshakes, and its end. */
export interface PeerHandler {
  onReady(peer: PeerConnection): void;
  onExtendedHandshake(peer: PeerConnection, handshake: ExtendedHandshake): void;
  onMessage(peer: PeerConnection, message: WireMessage): void;
  /** The stream accepts writes again after write() returned false. */
  onDrain(peer: PeerConnection): void;
  onClose(peer: PeerConnection, reason: PeerCloseReason): void;
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_TIMEOUT_MS = 180_000;
const EXTENDED_HANDSHAKE_ID = 0;

/**
 * One peer connection over any duplex byte stream: the BEP 3 handshake (checked against our
 * infohash, refusing a connection to ourselves), the BEP 10 extension handshake, the four
 * choke/interest flags named after both sides of the wire, keep-alives and timeouts, and byte
 * counters. What the messages mean for the torrent is the handler's business.
 */
export class PeerConnection {
  amChoking = true;
  amInterested = false;
  peerChoking = true;
  peerInterested = false;
  remote: Handshake | undefined;
  remoteExtensions: ExtendedHandshake | undefined;
  readonly downloadRate = new RateMeter();
  readonly uploadRate = new RateMeter();
  readonly connectedAt: number;
  private readonly parser: WireParser;
  private readonly now: () => number;
  private lastReceived: number;
  private lastSent: number;
  private writable = true;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly stream: Duplex,
    private readonly options: PeerConnectionOptions,
    private readonly handler: PeerHandler,
  ) {
    this.now = options.now ?? Date.now;
    this.connectedAt = this.lastReceived = this.lastSent = this.now();
    this.parser = new WireParser({ maxMessageBytes: options.maxMessageBytes });
    stream.on('data', (chunk: Uint8Array) => this.onData(chunk));
    stream.on('drain', () => {
      this.writable = true;
      if (!this.closed) this.handler.onDrain(this);
    });
    stream.once('close', () => this.destroy(new PeerCloseReason('closed', 'the peer closed the connection')));
    stream.on('error', (e: Error) => this.destroy(new PeerCloseReason('stream-error', e.message)));
    const handshakeTimeout = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    this.timers.push(
      setTimeout(() => {
        if (!this.remote) this.destroy(new PeerCloseReason('timeout', `no handshake in ${handshakeTimeout} ms`));
      }, handshakeTimeout).unref(),
    );
    const idle = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.timers.push(setInterval(() => this.tick(idle), Math.max(1000, idle / 6)).unref());
    this.write(encodeHandshake({ infoHash: options.infoHash, peerId: options.peerId, capabilities: CAPABILITIES }));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** False while the stream's buffer is full; wait for the handler's onDrain. */
  get canWrite(): boolean {
    return this.writable && !this.closed;
  }

  get remotePeerId(): Uint8Array | undefined {
    return this.remote?.peerId;
  }

  /** The peer's local id for an extension it offered, or undefined. */
  remoteExtensionId(name: string): number | undefined {
    const id = this.remoteExtensions?.m.get(name);
    return id === undefined || id === 0 ? undefined : id;
  }

  send(message: WireMessage): void {
    switch (message.type) {
      case 'choke':
        this.amChoking = true;
        break;
      case 'unchoke':
        this.amChoking = false;
        break;
      case 'interested':
        this.amInterested = true;
        break;
      case 'not-interested':
        this.amInterested = false;
        break;
    }
    this.write(encodeMessage(message));
  }

  /** Messages sent inside `fn` leave together: the stream packs them into as few writes as fit. */
  batch(fn: () => void): void {
    this.stream.cork();
    try {
      fn();
    } finally {
      this.stream.uncork();
    }
  }

  /** One data-channel message per block: header and data together, within browsers' safe message size. */
  sendPiece(index: number, begin: number, block: Uint8Array): void {
    const frame = new Uint8Array(13 + block.length);
    frame.set(encodePieceHeader(index, begin, block.length));
    frame.set(block, 13);
    this.uploadRate.add(block.length, this.now());
    this.write(frame);
  }

  sendExtended(name: string, payload: Uint8Array): void {
    const id = this.remoteExtensionId(name);
    if (id !== undefined) this.send({ type: 'extended', id, payload });
  }

  /** Ends the connection once; the handler hears onClose with the reason. Safe to call twice. */
  destroy(reason: PeerCloseReason = new PeerCloseReason('closed', 'closed by us')): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.stream.destroy();
    this.handler.onClose(this, reason);
  }

  private write(bytes: Uint8Array): void {
    if (this.closed) return;
    this.lastSent = this.now();
    if (!this.stream.write(bytes)) this.writable = false;
  }

  private onData(chunk: Uint8Array): void {
    if (this.closed) return;
    this.lastReceived = this.now();
    let events: WireEvent[];
    try {
      events = this.parser.push(chunk);
    } catch (e) {
      const error = e as CodedError;
      return this.destroy(new PeerCloseReason(error.code ?? 'bad-message', error.message));
    }
    for (const event of events) {
      if (this.closed) return;
      this.dispatch(event);
    }
  }

  private dispatch(event: WireEvent): void {
    if (event.type === 'handshake') return this.onHandshake(event.handshake);
    switch (event.type) {
      case 'keep-alive':
        return;
      case 'choke':
        this.peerChoking = true;
        break;
      case 'unchoke':
        this.peerChoking = false;
        break;
      case 'interested':
        this.peerInterested = true;
        break;
      case 'not-interested':
        this.peerInterested = false;
        break;
      case 'piece':
        this.downloadRate.add(event.block.length, this.now());
        break;
      case 'extended':
        if (event.id === EXTENDED_HANDSHAKE_ID) return this.onExtendedHandshake(event.payload);
        break;
    }
    this.handler.onMessage(this, event);
  }

  private onHandshake(handshake: Handshake): void {
    if (!Buffer.from(handshake.infoHash).equals(this.options.infoHash)) {
      return this.destroy(new PeerCloseReason('wrong-infohash', 'the peer asked for another torrent'));
    }
    if (Buffer.from(handshake.peerId).equals(this.options.peerId)) {
      return this.destroy(new PeerCloseReason('self', 'connected to ourselves'));
    }
    this.remote = handshake;
    if (handshake.capabilities.extended) {
      const m = new Map(Object.entries(this.options.extensions));
      this.send({
        type: 'extended',
        id: EXTENDED_HANDSHAKE_ID,
        payload: encodeExtendedHandshake({
          m,
          v: CLIENT_NAME,
          reqq: this.options.maxQueuedRequests,
          ...(this.options.metadataSize === undefined ? {} : { metadataSize: this.options.metadataSize }),
        }),
      });
    }
    this.handler.onReady(this);
  }

  private onExtendedHandshake(payload: Uint8Array): void {
    try {
      this.remoteExtensions = decodeExtendedHandshake(payload);
    } catch (e) {
      return this.destroy(new PeerCloseReason('bad-extension', (e as Error).message));
    }
    this.handler.onExtendedHandshake(this, this.remoteExtensions);
  }

  private tick(idleMs: number): void {
    const now = this.now();
    if (now - this.lastReceived > idleMs) {
      return this.destroy(new PeerCloseReason('timeout', `the peer was silent for ${Math.round(idleMs / 1000)} s`));
    }
    if (now - this.lastSent > idleMs / 3) this.write(encodeMessage({ type: 'keep-alive' }));
  }
}

/** Both sides of a WebRTC connection speak BEP 10 (metadata) and BEP 6 (have-all/none, reject). */
const CAPABILITIES = { extended: true, fast: true };
