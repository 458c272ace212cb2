import {
  encodeWsDescription,
  isBinaryId,
  parseWsDescription,
  WsTrackerError,
  type WsCounts,
  type WsOffer,
  type WsSessionDescription,
} from './ws-common.js';

/**
 * A peer's side of the WebTorrent protocol (see ws-common.ts): what a client sends a tracker and
 * how it reads what comes back. Everything from the tracker is validated: a garbage or hostile frame
 * becomes WsTrackerError 'bad-response' (the code of the HTTP and UDP client codecs), never a crash.
 */

export interface WsAnnounceParams {
  infoHash: string;
  peerId: string;
  /** None for a regular announce. 'stopped' and 'completed' should carry no offers (the reference sends none). */
  event?: 'started' | 'completed' | 'stopped';
  uploaded: number;
  downloaded: number;
  /** Left out while unknown (no metadata yet). */
  left?: number;
  offers: readonly WsOffer[];
}

export interface WsAnswerParams {
  infoHash: string;
  peerId: string;
  /** The offerer, as named in the relayed offer. */
  toPeerId: string;
  offerId: string;
  answer: WsSessionDescription;
}

/** What a tracker sends a peer on its announce socket. */
export type WsTrackerMessage =
  | {
      kind: 'announce-reply';
      infoHash: string;
      intervalSeconds?: number;
      complete?: number;
      incomplete?: number;
      warning?: string;
    }
  | { kind: 'offer'; infoHash: string; peerId: string; offerId: string; offer: WsSessionDescription }
  | { kind: 'answer'; infoHash: string; peerId: string; offerId: string; answer: WsSessionDescription }
  | { kind: 'failure'; reason: string; infoHash?: string };

/** Client → tracker: an announce; `numwant` is the number of offers, as the reference server reads it. */
export function encodeWsAnnounceRequest(params: WsAnnounceParams): string {
  return JSON.stringify({
    action: 'announce',
    info_hash: params.infoHash,
    peer_id: params.peerId,
    ...(params.event === undefined ? {} : { event: params.event }),
    uploaded: params.uploaded,
    downloaded: params.downloaded,
    ...(params.left === undefined ? {} : { left: params.left }),
    numwant: params.offers.length,
    offers: params.offers.map((o) => ({ offer: o.offer, offer_id: o.offerId })),
  });
}

/** Client → tracker: the answer to an offer the tracker relayed, for it to forward to the offerer. */
export function encodeWsAnswerRequest(params: WsAnswerParams): string {
  return (
    `{"action":"announce","info_hash":${JSON.stringify(params.infoHash)},"peer_id":${JSON.stringify(params.peerId)},` +
    `"to_peer_id":${JSON.stringify(params.toPeerId)},"answer":${encodeWsDescription(params.answer)},` +
    `"offer_id":${JSON.stringify(params.offerId)}}`
  );
}

/** Tracker → client on an announce socket. Throws WsTrackerError 'bad-response' naming the problem. */
export function parseWsTrackerMessage(text: string): WsTrackerMessage {
  const message = parseObject(text);
  const failure = message['failure reason'];
  if (failure !== undefined) {
    if (typeof failure !== 'string') throw badResponse('failure reason must be a string');
    return isBinaryId(message.info_hash)
      ? { kind: 'failure', reason: failure, infoHash: message.info_hash }
      : { kind: 'failure', reason: failure };
  }
  if (message.action !== 'announce') {
    throw badResponse(`unexpected action ${JSON.stringify(String(message.action)).slice(0, 40)} on an announce socket`);
  }
  const infoHash = message.info_hash;
  if (!isBinaryId(infoHash)) throw badResponse('info_hash must be a 20-byte binary string');
  if (message.offer !== undefined) return parseRelayed(message, infoHash, 'offer');
  if (message.answer !== undefined) return parseRelayed(message, infoHash, 'answer');
  return parseReply(message, infoHash);
}

function parseRelayed(message: Record<string, unknown>, infoHash: string, type: 'offer' | 'answer'): WsTrackerMessage {
  const { peer_id: peerId, offer_id: offerId } = message;
  if (!isBinaryId(peerId)) throw badResponse(`${type} without a 20-byte binary peer_id`);
  if (!isBinaryId(offerId)) throw badResponse(`${type} without a 20-byte binary offer_id`);
  if (message.offer !== undefined && message.answer !== undefined) throw badResponse('both an offer and an answer');
  const description = parseWsDescription(message[type], type);
  if (!description) throw badResponse(`${type} must be {"type":"${type}","sdp":"..."}`);
  return type === 'offer'
    ? { kind: 'offer', infoHash, peerId, offerId, offer: description }
    : { kind: 'answer', infoHash, peerId, offerId, answer: description };
}

function parseReply(message: Record<string, unknown>, infoHash: string): WsTrackerMessage {
  const interval = message.interval;
  if (interval !== undefined && !(typeof interval === 'number' && Number.isFinite(interval) && interval > 0)) {
    throw badResponse('interval must be a positive number of seconds');
  }
  const complete = optionalCount(message.complete, 'complete');
  const incomplete = optionalCount(message.incomplete, 'incomplete');
  const warning = message['warning message'];
  if (warning !== undefined && typeof warning !== 'string') throw badResponse('warning message must be a string');
  return {
    kind: 'announce-reply',
    infoHash,
    ...(interval === undefined ? {} : { intervalSeconds: interval }),
    ...(complete === undefined ? {} : { complete }),
    ...(incomplete === undefined ? {} : { incomplete }),
    ...(warning === undefined ? {} : { warning }),
  };
}

function optionalCount(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw badResponse(`${key} must be a non-negative integer`);
}

/** Client → tracker: a scrape for the given binary info hashes. */
export function encodeWsScrapeRequest(infoHashes: readonly string[]): string {
  return JSON.stringify({ action: 'scrape', info_hash: infoHashes });
}

/**
 * Tracker → client: a scrape reply as counts keyed by binary info hash. Throws WsTrackerError
 * 'tracker-failure' on a failure reply and 'bad-response' on a malformed one.
 */
export function parseWsScrapeReply(text: string): Map<string, WsCounts> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WsTrackerError('bad-response', 'tracker reply is not valid JSON');
  }
  const message = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof message['failure reason'] === 'string') {
    throw new WsTrackerError('tracker-failure', `tracker refused: ${message['failure reason']}`);
  }
  const files = message.files;
  if (message.action !== 'scrape' || typeof files !== 'object' || files === null) {
    throw new WsTrackerError('bad-response', 'tracker reply is not a scrape reply');
  }
  const out = new Map<string, WsCounts>();
  for (const [hash, value] of Object.entries(files as Record<string, unknown>)) {
    const counts = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    out.set(hash, {
      complete: count(counts.complete),
      incomplete: count(counts.incomplete),
      downloaded: count(counts.downloaded),
    });
  }
  return out;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function parseObject(text: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badResponse('tracker message is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badResponse('tracker message is not a JSON object');
  return raw as Record<string, unknown>;
}

function badResponse(problem: string): WsTrackerError {
  return new WsTrackerError('bad-response', `bad tracker message: ${problem}`);
}
