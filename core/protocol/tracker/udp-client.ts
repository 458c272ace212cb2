import type { AnnounceEvent, ScrapeCounts } from './http.js';
import { TrackerRequestError } from './tracker-error.js';
import { UDP_ACTION, UDP_PROTOCOL_ID } from './udp.js';

/** The client side of BEP 15: request packets a BitTorrent client sends, replies it decodes. */

export function encodeUdpConnect(transactionId: number): Uint8Array {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, UDP_PROTOCOL_ID);
  view.setUint32(8, UDP_ACTION.connect);
  view.setUint32(12, transactionId >>> 0);
  return out;
}

export interface UdpAnnounceParams {
  connectionId: Uint8Array;
  transactionId: number;
  infoHash: Uint8Array;
  peerId: Uint8Array;
  downloaded?: number;
  /** Required: a default of 0 would announce a forgetful caller as a seeder. */
  left: number;
  uploaded?: number;
  event?: AnnounceEvent;
  key?: number;
  numwant?: number;
  port: number;
}

const EVENT_CODES: Record<AnnounceEvent, number> = { none: 0, completed: 1, started: 2, stopped: 3 };

export function encodeUdpAnnounce(p: UdpAnnounceParams): Uint8Array {
  const out = new Uint8Array(98);
  const view = new DataView(out.buffer);
  out.set(p.connectionId, 0);
  view.setUint32(8, UDP_ACTION.announce);
  view.setUint32(12, p.transactionId >>> 0);
  out.set(p.infoHash, 16);
  out.set(p.peerId, 36);
  view.setBigUint64(56, BigInt(p.downloaded ?? 0));
  view.setBigUint64(64, BigInt(p.left));
  view.setBigUint64(72, BigInt(p.uploaded ?? 0));
  view.setUint32(80, EVENT_CODES[p.event ?? 'none']);
  view.setUint32(88, p.key ?? 0);
  view.setInt32(92, p.numwant ?? -1);
  view.setUint16(96, p.port);
  return out;
}

export function encodeUdpScrape(
  connectionId: Uint8Array,
  transactionId: number,
  infoHashes: readonly Uint8Array[],
): Uint8Array {
  const out = new Uint8Array(16 + 20 * infoHashes.length);
  const view = new DataView(out.buffer);
  out.set(connectionId, 0);
  view.setUint32(8, UDP_ACTION.scrape);
  view.setUint32(12, transactionId >>> 0);
  infoHashes.forEach((h, i) => out.set(h, 16 + 20 * i));
  return out;
}

export type UdpResponse =
  | { action: 'connect'; transactionId: number; connectionId: Uint8Array }
  | {
      action: 'announce';
      transactionId: number;
      interval: number;
      leechers: number;
      seeders: number;
      peers: { ip: Uint8Array; port: number }[];
    }
  | { action: 'scrape'; transactionId: number; files: ScrapeCounts[] }
  | { action: 'error'; transactionId: number; message: string };

/** Decodes a tracker reply; `peerWidth` is 6 when talking to the tracker over IPv4, 18 over IPv6. */
export function decodeUdpResponse(packet: Uint8Array, peerWidth: 6 | 18): UdpResponse {
  if (packet.length < 8) throw new TrackerRequestError('bad-response', 'UDP reply shorter than 8 bytes');
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const action = view.getUint32(0);
  const transactionId = view.getUint32(4);
  const expectLength = (ok: boolean) => {
    if (!ok) throw new TrackerRequestError('bad-response', `UDP reply (action ${action}) of a wrong length`);
  };
  switch (action) {
    case UDP_ACTION.connect:
      expectLength(packet.length === 16);
      return { action: 'connect', transactionId, connectionId: packet.slice(8, 16) };
    case UDP_ACTION.announce: {
      expectLength(packet.length >= 20 && (packet.length - 20) % peerWidth === 0);
      const peers = [];
      for (let at = 20; at < packet.length; at += peerWidth) {
        peers.push({ ip: packet.slice(at, at + peerWidth - 2), port: view.getUint16(at + peerWidth - 2) });
      }
      return {
        action: 'announce',
        transactionId,
        interval: view.getUint32(8),
        leechers: view.getUint32(12),
        seeders: view.getUint32(16),
        peers,
      };
    }
    case UDP_ACTION.scrape: {
      expectLength((packet.length - 8) % 12 === 0);
      const files: ScrapeCounts[] = [];
      for (let at = 8; at < packet.length; at += 12) {
        files.push({
          complete: view.getUint32(at),
          downloaded: view.getUint32(at + 4),
          incomplete: view.getUint32(at + 8),
        });
      }
      return { action: 'scrape', transactionId, files };
    }
    case UDP_ACTION.error:
      return { action: 'error', transactionId, message: new TextDecoder().decode(packet.subarray(8)) };
    default:
      throw new TrackerRequestError('bad-response', `UDP reply with unknown action ${action}`);
  }
}
