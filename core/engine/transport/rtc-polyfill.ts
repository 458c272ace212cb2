import * as polyfill from 'node-datachannel/polyfill';

/**
 * node-datachannel's W3C polyfill, adapted to what simple-peer expects of a browser
 * (../shared/PROTOCOLS.md, "simple-peer + node-datachannel"):
 *
 * 1. Its RTCSessionDescription has a read-only `sdp`, and simple-peer assigns to it (filterTrickle):
 *    createOffer/createAnswer hand out plain `{type, sdp}` objects.
 * 2. It never dispatches the final `null` candidate, so with `trickle: false` simple-peer would wait
 *    its whole iceCompleteTimeout (5 s) on each side. When gathering completes, the native local
 *    description already lists every candidate, so end-of-candidates is signalled right then.
 *    The individual candidate events are not passed on: without trickle simple-peer only uses them to
 *    start that 5 s fallback timer, which it never clears and which holds a closing process open.
 */
class ShoalRtcPeerConnection extends polyfill.RTCPeerConnection {
  private gatheringSignalled = false;

  constructor(config?: ConstructorParameters<typeof polyfill.RTCPeerConnection>[0]) {
    super(config);
    this.addEventListener('icegatheringstatechange', () => {
      if (this.iceGatheringState !== 'complete' || this.gatheringSignalled) return;
      this.gatheringSignalled = true;
      this.dispatchEvent(new polyfill.RTCPeerConnectionIceEvent(null));
    });
  }

  override dispatchEvent(event: Event): boolean {
    if (event.type === 'icecandidate' && (event as polyfill.RTCPeerConnectionIceEvent).candidate) return true;
    return super.dispatchEvent(event);
  }

  override async createOffer(): Promise<{ type: 'offer'; sdp: string }> {
    const offer = (await super.createOffer()) as { sdp: string };
    return { type: 'offer', sdp: offer.sdp };
  }

  override async createAnswer(): Promise<{ type: 'answer'; sdp: string }> {
    const answer = (await super.createAnswer()) as { sdp: string };
    return { type: 'answer', sdp: answer.sdp };
  }
}

/** The `wrtc` option for simple-peer. */
export const nodeWrtc = {
  RTCPeerConnection: ShoalRtcPeerConnection,
  RTCSessionDescription: polyfill.RTCSessionDescription,
  RTCIceCandidate: polyfill.RTCIceCandidate,
};
