import type { Duplex } from 'node:stream';
import SimplePeer from 'simple-peer';
import type { SessionDescription } from '../tracker-client/ws-announce-types.js';
import { ChannelStream } from './channel-stream.js';
import { TransportError } from './errors.js';
import { nodeWrtc } from './rtc-polyfill.js';
import { CANDIDATE_GRACE_MS, withholdCandidates, type WithheldCandidate } from './withheld-candidates.js';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface RtcPeerOptions {
  initiator: boolean;
  iceServers: readonly IceServer[];
  connectTimeoutMs: number;
  /** Called once when the RTCPeerConnection is gone (failed, closed, or its stream ended). */
  onGone: () => void;
}

/** simple-peer error codes that mean "the remote description was refused". */
const DESCRIPTION_ERRORS = new Set(['ERR_SET_REMOTE_DESCRIPTION', 'ERR_SIGNALING']);

/**
 * One RTCPeerConnection through simple-peer, without trickle: one local description out, one
 * remote description in, then a connected ChannelStream. `description` settles when the local
 * description is complete (every candidate gathered); `connected` when the data channel opens, or
 * it rejects with a TransportError. Both promises are marked handled: a caller may ignore either.
 */
export class RtcPeer {
  readonly description: Promise<SessionDescription>;
  readonly connected: Promise<Duplex>;
  private readonly peer: SimplePeer.Instance;
  private timer: NodeJS.Timeout | undefined;
  private release: NodeJS.Timeout | undefined;
  private gone = false;
  private stream: ChannelStream | undefined;
  private answered = false;
  private failure: TransportError | undefined;

  constructor(private readonly options: RtcPeerOptions) {
    this.peer = new SimplePeer({
      initiator: options.initiator,
      trickle: false,
      wrtc: nodeWrtc as unknown as SimplePeer.Options['wrtc'],
      config: { iceServers: options.iceServers.map((s) => ({ ...s })) },
    });
    this.description = new Promise<SessionDescription>((resolve, reject) => {
      this.peer.once('signal', (data: { type?: string; sdp?: string }) => {
        // An offer may wait for its answer far longer than a connection may take: that wait is the caller's.
        if (options.initiator) clearTimeout(this.timer);
        if ((data.type === 'offer' || data.type === 'answer') && typeof data.sdp === 'string') {
          resolve({ type: data.type, sdp: data.sdp });
        } else this.fail(new TransportError('rtc-failed', `unexpected signal ${String(data.type)} without trickle`));
      });
      this.peer.once('close', () => reject(this.failure ?? closedBefore('its description was ready')));
    });
    this.connected = new Promise<Duplex>((resolve, reject) => {
      this.peer.once('connect', () => {
        clearTimeout(this.timer);
        this.stream = new ChannelStream(this.peer);
        resolve(this.stream);
      });
      this.peer.once('close', () => reject(this.failure ?? closedBefore('it connected')));
    });
    this.description.catch(() => undefined);
    this.connected.catch(() => undefined);
    this.peer.on('error', (e: Error & { code?: string }) => this.recordError(e));
    this.peer.once('close', () => {
      this.gone = true;
      clearTimeout(this.timer);
      clearTimeout(this.release);
      options.onGone();
    });
    this.timer = setTimeout(() => this.onTimeout(), options.connectTimeoutMs);
  }

  /** Feeds the remote description in; only the first call counts. */
  signal(remote: SessionDescription): void {
    if (this.answered) return;
    this.answered = true;
    if (this.options.initiator) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.onTimeout(), this.options.connectTimeoutMs);
    }
    try {
      if (this.options.initiator) this.peer.signal({ type: remote.type, sdp: remote.sdp } as SimplePeer.SignalData);
      else this.signalOffer(remote.sdp);
    } catch (e) {
      this.fail(new TransportError('rtc-bad-description', `remote ${remote.type} refused: ${(e as Error).message}`));
    }
  }

  /** The offer without its candidates, which follow after a grace period (see withheld-candidates.ts). */
  private signalOffer(sdp: string): void {
    const withheld = withholdCandidates(sdp);
    this.peer.signal({ type: 'offer', sdp: withheld.sdp } as SimplePeer.SignalData);
    this.description.then(
      () => {
        if (!this.gone) this.release = setTimeout(() => this.addCandidates(withheld.candidates), CANDIDATE_GRACE_MS);
      },
      () => undefined,
    );
  }

  private addCandidates(candidates: readonly WithheldCandidate[]): void {
    for (const candidate of candidates) {
      if (this.gone || this.stream) return;
      this.peer.signal({ candidate } as unknown as SimplePeer.SignalData);
    }
  }

  /** Tears the connection down unless it is connected (then the stream owns it). Idempotent. */
  abandon(): void {
    if (!this.stream) this.fail(closedBefore('it connected'));
  }

  /** Tears the connection down in any state. Idempotent. */
  destroy(): void {
    if (this.stream) this.stream.destroy();
    else this.fail(new TransportError('rtc-closed', 'the WebRTC transport was closed'));
  }

  private onTimeout(): void {
    const waitingFor = this.answered || !this.options.initiator ? 'connect' : 'gather its candidates';
    this.fail(
      new TransportError('rtc-timeout', `WebRTC peer did not ${waitingFor} in ${this.options.connectTimeoutMs} ms`),
    );
  }

  private recordError(e: Error & { code?: string }): void {
    if (this.failure || this.stream) return;
    const code = DESCRIPTION_ERRORS.has(e.code ?? '') ? 'rtc-bad-description' : 'rtc-failed';
    this.failure = new TransportError(code, `WebRTC connection failed: ${e.message}`, { cause: e });
  }

  private fail(error: TransportError): void {
    this.failure ??= error;
    this.peer.destroy();
  }
}

function closedBefore(what: string): TransportError {
  return new TransportError('rtc-closed', `the WebRTC connection was closed before ${what}`);
}
