import {
  encodeWsDescription,
  isBinaryId,
  parseWsDescription,
  WsTrackerError,
  type WsAnnounceEvent,
  type WsCounts,
  type WsOffer,
  type WsSessionDescription,
} from './ws-common.js';

/**
 * The tracker's side of the WebTorrent protocol (see ws-common.ts): what it parses from clients
 * and what it sends them.
 */

export interface WsAnnounceRequest {
  action: 'announce';
  infoHash: string;
  peerId: string;
  event: WsAnnounceEvent;
  /** Bytes left to download; undefined when the client does not know (no metadata yet). */
  left: number | undefined;
  /** At most the caller's cap; extra offers are dropped here. */
  offers: WsOffer[];
}

/** An announce that carries an answer to an offer the tracker relayed earlier. */
export interface WsAnswerRequest {
  action: 'answer';
  infoHash: string;
  peerId: string;
  toPeerId: string;
  offerId: string;
  answer: WsSessionDescription;
}

export interface WsScrapeRequest {
  action: 'scrape';
  infoHashes: string[];
}

export type WsClientRequest = WsAnnounceRequest | WsAnswerRequest | WsScrapeRequest;

export const MAX_SCRAPE_HASHES = 64;
const EVENTS = new Set(['started', 'stopped', 'completed']);
/** Events the reference client may send that mean "a regular announce". */
const PLAIN_EVENTS = new Set(['', 'update', 'paused', 'empty']);

/**
 * Parses and validates one client frame. `maxOffers` caps the offers kept from an announce
 * (extra ones are ignored, as a tracker may relay fewer offers than a client hoped for).
 * Throws WsTrackerError naming the first problem found.
 */
export function parseWsClientMessage(text: string, maxOffers: number): WsClientRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WsTrackerError('ws-bad-json', 'message is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new WsTrackerError('ws-not-object', 'message must be a JSON object');
  }
  const message = raw as Record<string, unknown>;
  if (message.action === 'announce') return parseAnnounce(message, maxOffers);
  if (message.action === 'scrape') return parseScrape(message);
  throw new WsTrackerError(
    'ws-bad-action',
    `unknown action ${JSON.stringify(String(message.action)).slice(0, 40)}; expected "announce" or "scrape"`,
  );
}

function parseAnnounce(message: Record<string, unknown>, maxOffers: number): WsAnnounceRequest | WsAnswerRequest {
  const infoHash = requireId(message, 'info_hash', 'announce');
  const fail = (code: string, text: string): never => {
    throw new WsTrackerError(code, text, 'announce', infoHash);
  };
  const peerId = message.peer_id;
  if (!isBinaryId(peerId)) return fail('ws-bad-peer-id', 'peer_id must be a 20-byte binary string');
  if (message.answer !== undefined) {
    const toPeerId = message.to_peer_id;
    if (!isBinaryId(toPeerId)) return fail('ws-bad-to-peer-id', 'to_peer_id must be a 20-byte binary string');
    const offerId = message.offer_id;
    if (!isBinaryId(offerId)) return fail('ws-bad-offer-id', 'offer_id must be a 20-byte binary string');
    const answer = parseWsDescription(message.answer, 'answer');
    if (!answer) return fail('ws-bad-answer', 'answer must be {"type":"answer","sdp":"..."}');
    return { action: 'answer', infoHash, peerId, toPeerId, offerId, answer };
  }
  const event = parseEvent(message.event);
  if (event === null) return fail('ws-bad-event', 'event must be "started", "stopped" or "completed"');
  const left = parseLeft(message.left);
  if (left === null) return fail('ws-bad-left', 'left must be a non-negative number');
  const offers = event === 'stopped' ? [] : parseOffers(message.offers, maxOffers);
  if (offers === null) return fail('ws-bad-offers', 'offers must be a list of {offer:{type:"offer",sdp}, offer_id}');
  return { action: 'announce', infoHash, peerId, event, left, offers };
}

function parseScrape(message: Record<string, unknown>): WsScrapeRequest {
  const value = message.info_hash;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new WsTrackerError('ws-scrape-needs-hash', 'scrape must name at least one info_hash', 'scrape');
  }
  if (list.length > MAX_SCRAPE_HASHES) {
    throw new WsTrackerError('ws-scrape-too-many', `scrape names more than ${MAX_SCRAPE_HASHES} info hashes`, 'scrape');
  }
  if (!list.every(isBinaryId)) {
    throw new WsTrackerError('ws-bad-info-hash', 'info_hash must be a 20-byte binary string', 'scrape');
  }
  return { action: 'scrape', infoHashes: list };
}

function requireId(message: Record<string, unknown>, key: string, action: 'announce' | 'scrape'): string {
  const value = message[key];
  if (!isBinaryId(value))
    throw new WsTrackerError(`ws-bad-${key.replace('_', '-')}`, `${key} must be a 20-byte binary string`, action);
  return value;
}

/** undefined for "no event", null for an unknown one. */
function parseEvent(value: unknown): WsAnnounceEvent | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return null;
  if (EVENTS.has(value)) return value as WsAnnounceEvent;
  return PLAIN_EVENTS.has(value) ? undefined : null;
}

/** undefined when unknown (the reference client sends null for Infinity), null when invalid. */
function parseLeft(value: unknown): number | undefined | null {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n) || n < 0) return null;
  return n;
}

function parseOffers(value: unknown, maxOffers: number): WsOffer[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return null;
  const offers: WsOffer[] = [];
  for (const item of value.slice(0, maxOffers) as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const { offer_id: offerId, offer } = item as Record<string, unknown>;
    const description = parseWsDescription(offer, 'offer');
    if (!isBinaryId(offerId) || !description) return null;
    offers.push({ offerId, offer: description });
  }
  return offers;
}

/** Server → announcer: the swarm's counts and the re-announce interval. */
export function encodeWsAnnounceReply(
  infoHash: string,
  intervalSeconds: number,
  counts: WsCounts,
  warning?: string,
): string {
  return JSON.stringify({
    action: 'announce',
    info_hash: infoHash,
    interval: intervalSeconds,
    complete: counts.complete,
    incomplete: counts.incomplete,
    ...(warning === undefined ? {} : { 'warning message': warning }),
  });
}

/**
 * Server → a peer chosen for an offer. Built by concatenation (only the strings go through
 * JSON.stringify): this and the answer below are the tracker's hot path.
 */
export function encodeWsOffer(infoHash: string, fromPeerId: string, offer: WsOffer): string {
  return (
    `{"action":"announce","info_hash":${JSON.stringify(infoHash)},"peer_id":${JSON.stringify(fromPeerId)},` +
    `"offer":${encodeWsDescription(offer.offer)},"offer_id":${JSON.stringify(offer.offerId)}}`
  );
}

/** Server → the offerer: the answer from the peer the offer went to. */
export function encodeWsAnswer(
  infoHash: string,
  fromPeerId: string,
  offerId: string,
  answer: WsSessionDescription,
): string {
  return (
    `{"action":"announce","info_hash":${JSON.stringify(infoHash)},"peer_id":${JSON.stringify(fromPeerId)},` +
    `"answer":${encodeWsDescription(answer)},"offer_id":${JSON.stringify(offerId)}}`
  );
}

/** Server → scraper: `files` keyed by binary info hash. */
export function encodeWsScrapeReply(files: ReadonlyMap<string, WsCounts>): string {
  return JSON.stringify({ action: 'scrape', files: Object.fromEntries(files) });
}

export function encodeWsFailure(failure: { reason: string; action?: string; infoHash?: string }): string {
  return JSON.stringify({
    'failure reason': failure.reason,
    ...(failure.action === undefined ? {} : { action: failure.action }),
    ...(failure.infoHash === undefined ? {} : { info_hash: failure.infoHash }),
  });
}
