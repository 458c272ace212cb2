import { binaryStringToBytes, bytesToBinaryString, decode, type BDict, type BValue } from '../bencode.js';
import { formatIp } from './ip.js';
import { encodeBytes } from './http-query.js';
import type { AnnounceEvent, ScrapeCounts } from './http.js';
import { TrackerRequestError } from './tracker-error.js';

/** The client side of the HTTP tracker protocol: what a BitTorrent client sends and reads back. */

export interface AnnounceParams {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  port: number;
  uploaded?: number;
  downloaded?: number;
  /** Required: a default of 0 would announce a forgetful caller as a seeder. */
  left: number;
  event?: AnnounceEvent;
  numwant?: number;
  compact?: boolean;
  noPeerId?: boolean;
  /** 32-bit, random per session: lets the tracker recognise us when our IP address changes. Sent as 8 hex digits. */
  key?: number;
  /** The `tracker id` an earlier reply carried, as a binary string (one character per byte); BEP 3 asks to send it back. */
  trackerId?: string;
}

export interface TrackerPeer {
  ip: string;
  port: number;
  peerId?: Uint8Array;
}

export interface DecodedAnnounce {
  interval: number;
  minInterval: number | undefined;
  /** Optional in BEP 3; many trackers leave the counts out. */
  complete: number | undefined;
  incomplete: number | undefined;
  peers: TrackerPeer[];
  warning: string | undefined;
  /** `tracker id` as a binary string, so that it goes back byte for byte. */
  trackerId: string | undefined;
}

/** The query string (without "?") of an announce. */
export function buildAnnounceQuery(p: AnnounceParams): string {
  const parts = [
    `info_hash=${encodeBytes(p.infoHash)}`,
    `peer_id=${encodeBytes(p.peerId)}`,
    `port=${p.port}`,
    `uploaded=${p.uploaded ?? 0}`,
    `downloaded=${p.downloaded ?? 0}`,
    `left=${p.left}`,
    `compact=${p.compact === false ? 0 : 1}`,
  ];
  if (p.event && p.event !== 'none') parts.push(`event=${p.event}`);
  if (p.numwant !== undefined) parts.push(`numwant=${p.numwant}`);
  if (p.noPeerId) parts.push('no_peer_id=1');
  if (p.key !== undefined) parts.push(`key=${(p.key >>> 0).toString(16).toUpperCase().padStart(8, '0')}`);
  if (p.trackerId !== undefined) parts.push(`trackerid=${encodeBytes(trackerIdBytes(p.trackerId))}`);
  return parts.join('&');
}

function trackerIdBytes(trackerId: string): Uint8Array {
  try {
    return binaryStringToBytes(trackerId);
  } catch {
    throw new TrackerRequestError('bad-trackerid', 'tracker id must be a binary string (characters U+0000–U+00FF)');
  }
}

/** The query string (without "?") of a scrape for these info hashes (BEP 48). */
export function buildScrapeQuery(infoHashes: readonly Uint8Array[]): string {
  return infoHashes.map((h) => `info_hash=${encodeBytes(h)}`).join('&');
}

/** Decodes an announce reply; a `failure reason` becomes a TrackerRequestError 'tracker-failure'. */
export function decodeAnnounceResponse(body: Uint8Array): DecodedAnnounce {
  const dict = topDict(body);
  const peers = dict.get('peers');
  const peers6 = dict.get('peers6');
  const trackerId = dict.get('tracker id');
  return {
    interval: int(dict, 'interval'),
    minInterval: optionalInt(dict, 'min interval'),
    complete: optionalInt(dict, 'complete'),
    incomplete: optionalInt(dict, 'incomplete'),
    peers: [...peerList(peers, 6), ...peerList(peers6, 18)],
    warning: text(dict.get('warning message')),
    trackerId: trackerId instanceof Uint8Array ? bytesToBinaryString(trackerId) : undefined,
  };
}

/** Decodes a scrape reply into counts by lower-case hex info hash. */
export function decodeScrapeResponse(body: Uint8Array): Map<string, ScrapeCounts> {
  const files = topDict(body).get('files');
  if (!(files instanceof Map)) throw new TrackerRequestError('bad-response', 'scrape reply has no files dict');
  const out = new Map<string, ScrapeCounts>();
  for (const [key, value] of files) {
    if (!(value instanceof Map)) throw new TrackerRequestError('bad-response', 'scrape entry is not a dict');
    const hex = [...key].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    out.set(hex, {
      complete: int(value, 'complete'),
      incomplete: int(value, 'incomplete'),
      downloaded: int(value, 'downloaded'),
    });
  }
  return out;
}

function topDict(body: Uint8Array): BDict {
  let value: BValue;
  try {
    value = decode(body);
  } catch (e) {
    throw new TrackerRequestError('bad-response', `tracker reply is not bencode: ${(e as Error).message}`);
  }
  if (!(value instanceof Map)) throw new TrackerRequestError('bad-response', 'tracker reply is not a dict');
  const failure = value.get('failure reason');
  if (failure !== undefined) throw new TrackerRequestError('tracker-failure', text(failure) ?? 'tracker failure');
  return value;
}

/** A count or a number of seconds: a non-negative integer. */
function int(dict: BDict, key: string): number {
  const v = dict.get(key);
  if (typeof v !== 'number') throw new TrackerRequestError('bad-response', `tracker reply lacks integer "${key}"`);
  if (v < 0) throw new TrackerRequestError('bad-response', `tracker reply has a negative "${key}"`);
  return v;
}

function optionalInt(dict: BDict, key: string): number | undefined {
  return dict.has(key) ? int(dict, key) : undefined;
}

function text(v: BValue | undefined): string | undefined {
  return v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined;
}

function peerList(value: BValue | undefined, width: number): TrackerPeer[] {
  if (value === undefined) return [];
  if (value instanceof Uint8Array) {
    if (value.length % width !== 0) throw new TrackerRequestError('bad-response', 'compact peers of a wrong length');
    const out: TrackerPeer[] = [];
    for (let at = 0; at < value.length; at += width) {
      out.push({
        ip: formatIp(value.subarray(at, at + width - 2)),
        port: (value[at + width - 2]! << 8) | value[at + width - 1]!,
      });
    }
    return out;
  }
  if (!Array.isArray(value)) throw new TrackerRequestError('bad-response', 'peers is neither bytes nor a list');
  return value.map((entry) => {
    if (!(entry instanceof Map)) throw new TrackerRequestError('bad-response', 'peer entry is not a dict');
    const id = entry.get('peer id');
    const ip = text(entry.get('ip'));
    if (!ip) throw new TrackerRequestError('bad-response', 'peer entry lacks an ip');
    return {
      ip,
      port: int(entry, 'port'),
      ...(id instanceof Uint8Array ? { peerId: id } : {}),
    };
  });
}
