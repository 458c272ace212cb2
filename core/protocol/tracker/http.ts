import { encode, type BEncodable } from '../bencode.js';
import { formatIp } from './ip.js';
import { decodeBytes, decodeText, forEachParam } from './http-query.js';
import { TrackerRequestError } from './tracker-error.js';

/**
 * HTTP tracker requests and responses, server side (BEP 3, 23 compact, 7 peers6, 48 scrape).
 * The client side (query builders, response decoders) is in http-client.ts.
 */

export type AnnounceEvent = 'none' | 'started' | 'completed' | 'stopped';

export interface AnnounceRequest {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  port: number;
  uploaded: number;
  downloaded: number;
  /** Bytes still wanted; a peer with 0 left is a seeder. Missing counts as unknown (leecher). */
  left: number | undefined;
  event: AnnounceEvent;
  /** Already capped to the tracker's maximum; undefined when the client did not ask. */
  numwant: number | undefined;
  compact: boolean;
  noPeerId: boolean;
  key: string | undefined;
  trackerId: string | undefined;
}

export interface AnnounceResponse {
  interval: number;
  minInterval: number;
  complete: number;
  incomplete: number;
  /** Compact IPv4 peers: 4 address bytes + 2 port bytes each (BEP 23). */
  peers: Uint8Array;
  /** Compact IPv6 peers: 16 + 2 bytes each (BEP 7). */
  peers6: Uint8Array;
  /** 20 bytes per peer, IPv4 peers first then IPv6; only for non-compact replies with peer ids. */
  peerIds?: Uint8Array;
  warning?: string;
}

export interface ScrapeCounts {
  complete: number;
  incomplete: number;
  downloaded: number;
}

const EVENTS: Record<string, AnnounceEvent> = {
  '': 'none',
  empty: 'none',
  // BEP 21 partial seeds announce "paused"; for the swarm that is an ordinary update.
  paused: 'none',
  started: 'started',
  completed: 'completed',
  stopped: 'stopped',
};
const MAX_TEXT = 64;

/** Parses and validates an announce query string (without the leading "?"). */
export function parseAnnounceQuery(query: string, maxNumwant: number): AnnounceRequest {
  const raw = new Map<string, [number, number]>();
  forEachParam(query, (key, from, to) => {
    if (!raw.has(key)) raw.set(key, [from, to]);
  });
  const text = (name: string): string | undefined => {
    const span = raw.get(name);
    return span && decodeText(query, span[0], span[1]);
  };
  const numwant = optionalCount(text, 'numwant');
  const eventText = text('event') ?? '';
  const event = EVENTS[eventText];
  if (event === undefined)
    throw new TrackerRequestError('bad-event', `unknown event ${JSON.stringify(eventText.slice(0, MAX_TEXT))}`);
  return {
    infoHash: id20(query, raw.get('info_hash'), 'info_hash'),
    peerId: id20(query, raw.get('peer_id'), 'peer_id'),
    port: port(text('port')),
    uploaded: optionalCount(text, 'uploaded') ?? 0,
    downloaded: optionalCount(text, 'downloaded') ?? 0,
    left: optionalCount(text, 'left'),
    event,
    numwant: numwant === undefined ? undefined : Math.min(numwant, maxNumwant),
    compact: flag(text('compact'), 'compact', true),
    noPeerId: flag(text('no_peer_id'), 'no_peer_id', false),
    key: shortText(text('key'), 'key'),
    trackerId: shortText(text('trackerid'), 'trackerid'),
  };
}

/** The info hashes of a scrape query (BEP 48: `info_hash` repeated); at least one, at most `max`. */
export function parseScrapeQuery(query: string, max: number): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  forEachParam(query, (key, from, to) => {
    if (key !== 'info_hash') return;
    if (hashes.length === max)
      throw new TrackerRequestError('too-many-hashes', `scrape at most ${max} info hashes at once`);
    hashes.push(id20(query, [from, to], 'info_hash'));
  });
  if (hashes.length === 0) throw new TrackerRequestError('missing-info-hash', 'scrape needs at least one info_hash');
  return hashes;
}

function id20(query: string, span: [number, number] | undefined, name: string): Uint8Array {
  if (!span) throw new TrackerRequestError(`missing-${name}`, `missing ${name}`);
  const bytes = decodeBytes(query, span[0], span[1]);
  if (bytes.length !== 20) {
    throw new TrackerRequestError(`bad-${name}`, `${name} must be 20 bytes, got ${bytes.length}`);
  }
  return bytes;
}

function port(text: string | undefined): number {
  if (text === undefined) throw new TrackerRequestError('missing-port', 'missing port');
  const n = /^\d{1,5}$/.test(text) ? Number(text) : 0;
  if (n < 1 || n > 65535) throw new TrackerRequestError('bad-port', 'port must be a number from 1 to 65535');
  return n;
}

/** Non-negative decimal integers; clients send 64-bit counters, so precision beyond 2^53 is dropped. */
function optionalCount(text: (name: string) => string | undefined, name: string): number | undefined {
  const value = text(name);
  if (value === undefined) return undefined;
  if (!/^\d{1,20}$/.test(value)) {
    throw new TrackerRequestError(`bad-${name}`, `${name} must be a non-negative integer`);
  }
  return Number(value);
}

function flag(text: string | undefined, name: string, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text === '1') return true;
  if (text === '0') return false;
  throw new TrackerRequestError(`bad-${name}`, `${name} must be 0 or 1`);
}

function shortText(text: string | undefined, name: string): string | undefined {
  if (text !== undefined && text.length > MAX_TEXT) {
    throw new TrackerRequestError(`bad-${name}`, `${name} is longer than ${MAX_TEXT} bytes`);
  }
  return text;
}

/** A bencoded `{failure reason}`: what BitTorrent clients expect, with HTTP status 200. */
export function encodeFailure(reason: string): Uint8Array {
  return encode({ 'failure reason': reason });
}

/** A compact announce reply, written straight into one buffer (this is the tracker's hot path). */
export function encodeCompactAnnounce(r: AnnounceResponse): Uint8Array {
  const w = new Writer(256 + r.peers.length + r.peers6.length + 3 * (r.warning?.length ?? 0));
  w.ascii('d8:complete').int(r.complete);
  w.ascii('10:incomplete').int(r.incomplete);
  w.ascii('8:interval').int(r.interval);
  w.ascii('12:min interval').int(r.minInterval);
  w.ascii('5:peers').bytes(r.peers);
  if (r.peers6.length > 0) w.ascii('6:peers6').bytes(r.peers6);
  if (r.warning !== undefined) w.ascii('15:warning message').bytes(new TextEncoder().encode(r.warning));
  return w.ascii('e').done();
}

/** A non-compact reply: `peers` is a list of `{ip, port, peer id?}` dicts, IPv4 and IPv6 together. */
export function encodeDictAnnounce(r: AnnounceResponse): Uint8Array {
  const peers: BEncodable[] = [];
  const ids = r.peerIds;
  let n = 0;
  const add = (list: Uint8Array, width: number) => {
    for (let at = 0; at < list.length; at += width, n++) {
      const ipBytes = list.subarray(at, at + width - 2);
      const peer: Record<string, BEncodable> = {
        ip: formatIp(ipBytes),
        port: (list[at + width - 2]! << 8) | list[at + width - 1]!,
      };
      if (ids) peer['peer id'] = ids.subarray(20 * n, 20 * n + 20);
      peers.push(peer);
    }
  };
  add(r.peers, 6);
  add(r.peers6, 18);
  return encode({
    complete: r.complete,
    incomplete: r.incomplete,
    interval: r.interval,
    'min interval': r.minInterval,
    peers,
    'warning message': r.warning,
  });
}

/** `{files: {<raw hash>: {complete, downloaded, incomplete}}}` (BEP 48). */
export function encodeScrapeResponse(files: ReadonlyMap<Uint8Array, ScrapeCounts>): Uint8Array {
  const out = new Map<string, BEncodable>();
  for (const [hash, counts] of files) out.set(String.fromCharCode(...hash), { ...counts });
  return encode({ files: out });
}

/** Appends ASCII, decimal integers and length-prefixed byte strings to a fixed buffer. */
class Writer {
  private readonly buf: Uint8Array;
  private at = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  ascii(text: string): this {
    for (let i = 0; i < text.length; i++) this.buf[this.at++] = text.charCodeAt(i);
    return this;
  }

  int(n: number): this {
    return this.ascii(`i${n}e`);
  }

  bytes(bytes: Uint8Array): this {
    this.ascii(`${bytes.length}:`);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}
