import { ProtocolError } from '../errors.js';
import { toHex } from '../hex.js';

/**
 * The WebTorrent tracker protocol (no BEP; the reference is bittorrent-tracker): one JSON object
 * per WebSocket text frame. Ids (info_hash, peer_id, offer_id, to_peer_id) travel as 20-character
 * "binary strings", one code point U+0000–U+00FF per byte; Shoal keeps them in that form as map keys.
 * What both sides share lives here; ws-server.ts is the tracker's side, ws-client.ts a peer's.
 */

/** A session description as WebRTC hands it over: `{type: 'offer' | 'answer', sdp}`. */
export interface WsSessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface WsOffer {
  offerId: string;
  offer: WsSessionDescription;
}

export type WsAnnounceEvent = 'started' | 'stopped' | 'completed' | undefined;

export interface WsCounts {
  complete: number;
  incomplete: number;
  downloaded: number;
}

/**
 * A message one side refuses. On the tracker, `action` and `infoHash` (when known) go back in the
 * reply: the reference client treats a reply without `action` as a broken socket and reconnects.
 */
export class WsTrackerError extends ProtocolError {
  constructor(
    code: string,
    message: string,
    readonly action?: 'announce' | 'scrape',
    readonly infoHash?: string,
  ) {
    super(code, message);
  }
}

export const WS_ID_LENGTH = 20;

/** True for a 20-character string whose every code unit is a byte (U+0000–U+00FF). */
export function isBinaryId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== WS_ID_LENGTH) return false;
  for (let i = 0; i < WS_ID_LENGTH; i++) if (value.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Bytes to a binary string (latin1), the wire form of ids. */
export function toBinaryString(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/**
 * A binary string back to its bytes. Not TextEncoder/TextDecoder('latin1'): that is windows-1252,
 * which remaps 0x80–0x9F.
 */
export function fromBinaryString(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A binary string's bytes as lower-case hex. */
export function binaryStringToHex(text: string): string {
  return toHex(fromBinaryString(text));
}

/** `{type, sdp}` of the expected type, or undefined for anything else. */
export function parseWsDescription(value: unknown, type: 'offer' | 'answer'): WsSessionDescription | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type: t, sdp } = value as Record<string, unknown>;
  if (t !== type || typeof sdp !== 'string') return undefined;
  return { type, sdp };
}

/** A description as JSON text, built by concatenation (only the SDP goes through JSON.stringify). */
export function encodeWsDescription(description: WsSessionDescription): string {
  return `{"type":"${description.type}","sdp":${JSON.stringify(description.sdp)}}`;
}
