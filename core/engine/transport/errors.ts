import { CodedError } from '../../protocol/errors.js';

/**
 * A WebRTC connection that did not come about or broke: 'rtc-timeout' (no description or no
 * connection in time), 'rtc-closed' (closed before it connected, or the transport is closed),
 * 'rtc-bad-description' (the remote offer or answer was refused), 'rtc-failed' (ICE, DTLS, SCTP or
 * the data channel failed).
 */
export class TransportError extends CodedError {}
