import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeWsAnswer,
  encodeWsFailure,
  encodeWsOffer,
  parseWsClientMessage,
} from '../../core/protocol/tracker/ws-server.js';
import { parseWsScrapeReply } from '../../core/protocol/tracker/ws-client.js';
import {
  binaryStringToHex,
  isBinaryId,
  toBinaryString,
  WsTrackerError,
} from '../../core/protocol/tracker/ws-common.js';
import { scrapeUrlFor } from '../../core/protocol/tracker/scrape-url.js';

const binaryId = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(toBinaryString);
const HASH = 'h'.repeat(20);
const PEER = 'p'.repeat(20);
const offer = (i: number) => ({ offer: { type: 'offer', sdp: `sdp ${i}` }, offer_id: String(i).padStart(20, 'o') });

function refusal(message: unknown, maxOffers = 10): WsTrackerError {
  try {
    parseWsClientMessage(typeof message === 'string' ? message : JSON.stringify(message), maxOffers);
  } catch (e) {
    expect(e).toBeInstanceOf(WsTrackerError);
    return e as WsTrackerError;
  }
  throw new Error('expected a refusal');
}

describe('WebSocket tracker codec: ids', () => {
  it('accepts exactly 20 code points in U+0000–U+00FF', () => {
    fc.assert(fc.property(binaryId, (id) => isBinaryId(id)));
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 40 }), (text) => {
        const ok =
          text.length === 20 && [...text].every((c) => c.charCodeAt(0) <= 0xff) && !/[\ud800-\udfff]/.test(text);
        return isBinaryId(text) === ok;
      }),
    );
    expect(isBinaryId('ħ'.repeat(20))).toBe(false);
    expect(isBinaryId(42)).toBe(false);
  });

  it('converts binary strings to hex', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        (bytes) => binaryStringToHex(toBinaryString(bytes)) === Buffer.from(bytes).toString('hex'),
      ),
    );
  });
});

describe('WebSocket tracker codec: client messages', () => {
  it('parses an announce with offers, keeping at most the cap', () => {
    const parsed = parseWsClientMessage(
      JSON.stringify({
        action: 'announce',
        info_hash: HASH,
        peer_id: PEER,
        event: 'started',
        left: 7,
        numwant: 12,
        offers: Array.from({ length: 12 }, (_, i) => offer(i)),
      }),
      10,
    );
    expect(parsed).toMatchObject({ action: 'announce', infoHash: HASH, peerId: PEER, event: 'started', left: 7 });
    expect(parsed.action === 'announce' && parsed.offers.map((o) => o.offer.sdp)).toEqual(
      Array.from({ length: 10 }, (_, i) => `sdp ${i}`),
    );
  });

  it('reads what the reference client sends: no event, update, null left, stopped without offers', () => {
    const base = { action: 'announce', info_hash: HASH, peer_id: PEER };
    expect(parseWsClientMessage(JSON.stringify({ ...base, event: 'update', left: null }), 10)).toMatchObject({
      event: undefined,
      left: undefined,
      offers: [],
    });
    expect(parseWsClientMessage(JSON.stringify({ ...base, event: 'stopped', offers: [offer(1)] }), 10)).toMatchObject({
      event: 'stopped',
      offers: [],
    });
    expect(parseWsClientMessage(JSON.stringify({ ...base, left: '5' }), 10)).toMatchObject({ left: 5 });
  });

  it('parses an answer and a scrape of one or many hashes', () => {
    const answer = { type: 'answer', sdp: 'a' };
    expect(
      parseWsClientMessage(
        JSON.stringify({
          action: 'announce',
          info_hash: HASH,
          peer_id: PEER,
          to_peer_id: 'q'.repeat(20),
          answer,
          offer_id: 'o'.repeat(20),
        }),
        10,
      ),
    ).toEqual({
      action: 'answer',
      infoHash: HASH,
      peerId: PEER,
      toPeerId: 'q'.repeat(20),
      offerId: 'o'.repeat(20),
      answer,
    });
    expect(parseWsClientMessage(JSON.stringify({ action: 'scrape', info_hash: HASH }), 10)).toEqual({
      action: 'scrape',
      infoHashes: [HASH],
    });
  });

  it.each([
    ['ws-bad-json', '{', undefined],
    ['ws-not-object', 'null', undefined],
    ['ws-bad-action', { action: 'dump' }, undefined],
    ['ws-bad-info-hash', { action: 'announce', info_hash: 'x' }, 'announce'],
    ['ws-bad-peer-id', { action: 'announce', info_hash: HASH, peer_id: 1 }, 'announce'],
    ['ws-bad-event', { action: 'announce', info_hash: HASH, peer_id: PEER, event: 'explode' }, 'announce'],
    ['ws-bad-left', { action: 'announce', info_hash: HASH, peer_id: PEER, left: -1 }, 'announce'],
    ['ws-bad-offers', { action: 'announce', info_hash: HASH, peer_id: PEER, offers: {} }, 'announce'],
    [
      'ws-bad-offers',
      {
        action: 'announce',
        info_hash: HASH,
        peer_id: PEER,
        offers: [{ offer: { type: 'answer', sdp: '' }, offer_id: PEER }],
      },
      'announce',
    ],
    [
      'ws-bad-offer-id',
      {
        action: 'announce',
        info_hash: HASH,
        peer_id: PEER,
        to_peer_id: PEER,
        answer: { type: 'answer', sdp: '' },
        offer_id: 'short',
      },
      'announce',
    ],
    [
      'ws-bad-answer',
      { action: 'announce', info_hash: HASH, peer_id: PEER, to_peer_id: PEER, answer: { sdp: 1 }, offer_id: PEER },
      'announce',
    ],
    ['ws-scrape-needs-hash', { action: 'scrape' }, 'scrape'],
    ['ws-scrape-too-many', { action: 'scrape', info_hash: Array(65).fill(HASH) }, 'scrape'],
    ['ws-bad-info-hash', { action: 'scrape', info_hash: [HASH, 'short'] }, 'scrape'],
  ])('refuses with %s', (code, message, action) => {
    const error = refusal(message);
    expect(error.code).toBe(code);
    expect(error.action).toBe(action);
  });
});

describe('WebSocket tracker codec: server messages', () => {
  it('offers and answers survive JSON for any ids and SDP text', () => {
    fc.assert(
      fc.property(binaryId, binaryId, binaryId, fc.string(), (infoHash, peerId, offerId, sdp) => {
        const sent = JSON.parse(encodeWsOffer(infoHash, peerId, { offerId, offer: { type: 'offer', sdp } }));
        const back = JSON.parse(encodeWsAnswer(infoHash, peerId, offerId, { type: 'answer', sdp }));
        expect(sent).toEqual({
          action: 'announce',
          info_hash: infoHash,
          peer_id: peerId,
          offer: { type: 'offer', sdp },
          offer_id: offerId,
        });
        expect(back).toEqual({
          action: 'announce',
          info_hash: infoHash,
          peer_id: peerId,
          answer: { type: 'answer', sdp },
          offer_id: offerId,
        });
      }),
    );
  });

  it('keeps action and info_hash in failures when known', () => {
    expect(JSON.parse(encodeWsFailure({ reason: 'no', action: 'announce', infoHash: HASH }))).toEqual({
      'failure reason': 'no',
      action: 'announce',
      info_hash: HASH,
    });
    expect(JSON.parse(encodeWsFailure({ reason: 'no' }))).toEqual({ 'failure reason': 'no' });
  });

  it('reads scrape replies, treating missing or bad counts as zero', () => {
    const reply = parseWsScrapeReply(
      JSON.stringify({ action: 'scrape', files: { [HASH]: { complete: 2, incomplete: -1, downloaded: 'x' } } }),
    );
    expect(reply.get(HASH)).toEqual({ complete: 2, incomplete: 0, downloaded: 0 });
    expect(() => parseWsScrapeReply('{"failure reason":"nope"}')).toThrow(
      expect.objectContaining({ code: 'tracker-failure' }),
    );
    expect(() => parseWsScrapeReply('{"action":"announce"}')).toThrow(
      expect.objectContaining({ code: 'bad-response' }),
    );
    expect(() => parseWsScrapeReply('not json')).toThrow(expect.objectContaining({ code: 'bad-response' }));
  });
});

describe('BEP 48 scrape URL', () => {
  it.each([
    ['http://t.example/announce', 'http://t.example/scrape'],
    ['http://t.example/x/announce.php?passkey=abc', 'http://t.example/x/scrape.php?passkey=abc'],
    ['https://t.example:8443/announce', 'https://t.example:8443/scrape'],
  ])('%s → %s', (announce, scrape) => {
    expect(scrapeUrlFor(announce).href).toBe(scrape);
  });

  it.each(['http://t.example/', 'http://t.example/a/tracker', 'http://t.example/announce/x'])(
    'refuses %s',
    (announce) => {
      expect(() => scrapeUrlFor(announce)).toThrow(expect.objectContaining({ code: 'no-scrape-url' }));
    },
  );
});
