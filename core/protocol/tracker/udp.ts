import type { AnnounceEvent, ScrapeCounts } from './http.js';
import { TrackerRequestError } from './tracker-error.js';

/**
 * UDP tracker packets (BEP 15), both directions, all integers big-endian.
 *
 *   connect req   protocol_id:i64 action=0:i32 tid:i32                                  16 bytes
 *   announce req  cid:8 action=1 tid info_hash:20 peer_id:20 downloaded:i64 left:i64
 *                 uploaded:i64 event:i32 ip:i32 key:i32 num_want:i32 port:u16           98 bytes (+ BEP 41 options)
 *   scrape req    cid:8 action=2 tid info_hash:20 × n                                   16 + 20n
 *   connect res   action=0 tid cid:8                                                    16
 *   announce res  action=1 tid interval leechers seeders peers:(6|18) × n               20 + …
 *   scrape res    action=2 tid (seeders completed leechers) × n                         8 + 12n
 *   error res     action=3 tid message                                                  8 + …
 */

export const UDP_PROTOCOL_ID = 0x41727101980n;
export const UDP_ACTION = { connect: 0, announce: 1, scrape: 2, error: 3 } as const;
/** BEP 15's own bound: about 74 hashes fit in a packet. */
export const UDP_MAX_SCRAPE = 74;
const ANNOUNCE_LENGTH = 98;
/** BEP 41 options after an announce; a URL path rarely needs more than a few hundred bytes. */
const MAX_OPTION_BYTES = 512;
const UDP_EVENTS: readonly AnnounceEvent[] = ['none', 'completed', 'started', 'stopped'];

/** A packet the tracker refuses; `transactionId` is what the error reply must carry (0 if unknown). */
export class UdpPacketError extends TrackerRequestError {
  constructor(
    code: string,
    message: string,
    readonly transactionId: number,
  ) {
    super(code, message);
  }
}

export interface UdpConnectRequest {
  action: 'connect';
  transactionId: number;
}

export interface UdpAnnounceRequest {
  action: 'announce';
  transactionId: number;
  connectionId: Uint8Array;
  infoHash: Uint8Array;
  peerId: Uint8Array;
  downloaded: number;
  left: number;
  uploaded: number;
  event: AnnounceEvent;
  key: number;
  /** Capped to the caller's maximum; undefined for "default" (-1 or 0). */
  numwant: number | undefined;
  port: number;
}

export interface UdpScrapeRequest {
  action: 'scrape';
  transactionId: number;
  connectionId: Uint8Array;
  infoHashes: Uint8Array[];
}

export type UdpRequest = UdpConnectRequest | UdpAnnounceRequest | UdpScrapeRequest;

/** The 16 bytes every client packet starts with: what a server must look at before it answers at all. */
export interface UdpRequestHeader {
  /** The protocol id on a connect, the connection id on anything else. */
  connectionId: Uint8Array;
  /** The raw action number; unknown ones included. */
  action: number;
  transactionId: number;
}

/** The header of a client packet, or undefined when it is too short to carry a transaction id. */
export function readUdpRequestHeader(packet: Uint8Array): UdpRequestHeader | undefined {
  if (packet.length < 16) return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, 16);
  return { connectionId: packet.subarray(0, 8), action: view.getUint32(8), transactionId: view.getUint32(12) };
}

/** Whether the packet is a well-formed connect request: 16 bytes, starting with BEP 15's protocol id. */
export function isUdpConnectRequest(packet: Uint8Array, header: UdpRequestHeader): boolean {
  return header.action === UDP_ACTION.connect && packet.length === 16 && hasProtocolId(header);
}

/** Decodes a client packet; throws UdpPacketError naming the problem. */
export function decodeUdpRequest(packet: Uint8Array, maxNumwant: number): UdpRequest {
  const header = readUdpRequestHeader(packet);
  if (!header) throw new UdpPacketError('short-packet', `packet of ${packet.length} bytes is too short`, 0);
  if (header.action !== UDP_ACTION.connect) return decodeUdpConnectedRequest(packet, header, maxNumwant);
  if (isUdpConnectRequest(packet, header)) return { action: 'connect', transactionId: header.transactionId };
  throw hasProtocolId(header)
    ? new UdpPacketError('bad-length', 'connect request must be 16 bytes', header.transactionId)
    : new UdpPacketError('bad-protocol-id', 'wrong protocol id', header.transactionId);
}

/**
 * Decodes an announce or a scrape, whose header the caller has read (and whose connection id it
 * may have checked before paying for the rest); throws UdpPacketError naming the problem.
 */
export function decodeUdpConnectedRequest(
  packet: Uint8Array,
  header: UdpRequestHeader,
  maxNumwant: number,
): UdpAnnounceRequest | UdpScrapeRequest {
  const { action, transactionId, connectionId } = header;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const fail = (code: string, message: string) => new UdpPacketError(code, message, transactionId);
  if (action === UDP_ACTION.announce) {
    if (packet.length < ANNOUNCE_LENGTH) throw fail('short-packet', 'announce request must be 98 bytes');
    if (!validOptions(packet, ANNOUNCE_LENGTH)) throw fail('bad-length', 'announce request has trailing garbage');
    const event = UDP_EVENTS[view.getUint32(80)];
    if (event === undefined) throw fail('bad-event', `unknown event ${view.getUint32(80)}`);
    const port = view.getUint16(96);
    if (port === 0) throw fail('bad-port', 'port must be from 1 to 65535');
    const numwant = view.getInt32(92);
    return {
      action: 'announce',
      transactionId,
      connectionId,
      infoHash: packet.subarray(16, 36),
      peerId: packet.subarray(36, 56),
      downloaded: Number(view.getBigUint64(56)),
      left: Number(view.getBigUint64(64)),
      uploaded: Number(view.getBigUint64(72)),
      event,
      key: view.getUint32(88),
      numwant: numwant <= 0 ? undefined : Math.min(numwant, maxNumwant),
      port,
    };
  }
  if (action === UDP_ACTION.scrape) {
    const n = (packet.length - 16) / 20;
    if (!Number.isInteger(n) || n < 1) throw fail('bad-length', 'scrape request must be 16 + 20·n bytes, n ≥ 1');
    if (n > UDP_MAX_SCRAPE) throw fail('too-many-hashes', `scrape at most ${UDP_MAX_SCRAPE} info hashes at once`);
    const infoHashes: Uint8Array[] = [];
    for (let i = 0; i < n; i++) infoHashes.push(packet.subarray(16 + 20 * i, 36 + 20 * i));
    return { action: 'scrape', transactionId, connectionId, infoHashes };
  }
  throw fail('bad-action', `unknown action ${action}`);
}

function hasProtocolId(header: UdpRequestHeader): boolean {
  const id = header.connectionId;
  return new DataView(id.buffer, id.byteOffset, 8).getBigUint64(0) === UDP_PROTOCOL_ID;
}

/** BEP 41: option 0 ends, 1 is a no-op, 2 carries URL data as length + bytes. Anything else is garbage. */
function validOptions(packet: Uint8Array, from: number): boolean {
  if (packet.length - from > MAX_OPTION_BYTES) return false;
  let at = from;
  while (at < packet.length) {
    const type = packet[at]!;
    if (type === 0) return true;
    if (type === 1) at++;
    else if (type === 2 && at + 1 < packet.length) at += 2 + packet[at + 1]!;
    else return false;
  }
  return at === packet.length;
}

export function encodeUdpConnectResponse(transactionId: number, connectionId: Uint8Array): Uint8Array {
  const out = header(16, UDP_ACTION.connect, transactionId);
  out.set(connectionId, 8);
  return out;
}

export interface UdpAnnounceResponse {
  interval: number;
  leechers: number;
  seeders: number;
  /** Compact peers of the requester's address family: 6 bytes (IPv4) or 18 bytes (IPv6) each. */
  peers: Uint8Array;
}

export function encodeUdpAnnounceResponse(transactionId: number, r: UdpAnnounceResponse): Uint8Array {
  const out = header(20 + r.peers.length, UDP_ACTION.announce, transactionId);
  const view = new DataView(out.buffer);
  view.setUint32(8, r.interval);
  view.setUint32(12, r.leechers);
  view.setUint32(16, r.seeders);
  out.set(r.peers, 20);
  return out;
}

export function encodeUdpScrapeResponse(transactionId: number, files: readonly ScrapeCounts[]): Uint8Array {
  const out = header(8 + 12 * files.length, UDP_ACTION.scrape, transactionId);
  const view = new DataView(out.buffer);
  files.forEach((f, i) => {
    view.setUint32(8 + 12 * i, f.complete);
    view.setUint32(12 + 12 * i, f.downloaded);
    view.setUint32(16 + 12 * i, f.incomplete);
  });
  return out;
}

export function encodeUdpError(transactionId: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message);
  const out = header(8 + text.length, UDP_ACTION.error, transactionId);
  out.set(text, 8);
  return out;
}

function header(length: number, action: number, transactionId: number): Uint8Array {
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, action);
  view.setUint32(4, transactionId >>> 0);
  return out;
}
