import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeWsAnnounceRequest,
  encodeWsAnswerRequest,
  parseWsTrackerMessage,
} from '../../core/protocol/tracker/ws-client.js';
import { fromBinaryString, toBinaryString, WsTrackerError } from '../../core/protocol/tracker/ws-common.js';
import {
  encodeWsAnnounceReply,
  encodeWsAnswer,
  encodeWsFailure,
  encodeWsOffer,
  parseWsClientMessage,
} from '../../core/protocol/tracker/ws-server.js';

const binaryId = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(toBinaryString);
const HASH = 'h'.repeat(20);
const PEER = 'p'.repeat(20);
const OTHER = 'q'.repeat(20);
const OFFER_ID = 'o'.repeat(20);

function refusal(text: string): WsTrackerError {
  try {
    parseWsTrackerMessage(text);
  } catch (e) {
    expect(e).toBeInstanceOf(WsTrackerError);
    return e as WsTrackerError;
  }
  throw new Error(`expected a refusal of ${text}`);
}

describe('WebSocket client codec: what a peer sends', () => {
  it('an announce with offers is what our tracker parses, numwant counting the offers', () => {
    const offers = [{ offerId: OFFER_ID, offer: { type: 'offer' as const, sdp: 'v=0\r\n' } }];
    const text = encodeWsAnnounceRequest({ infoHash: HASH, peerId: PEER, uploaded: 5, downloaded: 7, left: 9, offers });
    expect(JSON.parse(text)).toMatchObject({ numwant: 1, uploaded: 5, downloaded: 7, left: 9 });
    expect(JSON.parse(text)).not.toHaveProperty('event');
    expect(parseWsClientMessage(text, 10)).toEqual({
      action: 'announce',
      infoHash: HASH,
      peerId: PEER,
      event: undefined,
      left: 9,
      offers,
    });
  });

  it('leaves left out while unknown and carries the event', () => {
    const text = encodeWsAnnounceRequest({
      infoHash: HASH,
      peerId: PEER,
      event: 'started',
      uploaded: 0,
      downloaded: 0,
      offers: [],
    });
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(raw).not.toHaveProperty('left');
    expect(raw).toMatchObject({ event: 'started', numwant: 0, offers: [] });
    expect(parseWsClientMessage(text, 10)).toMatchObject({ event: 'started', left: undefined });
  });

  it('an answer round-trips through the tracker parser for any ids and SDP text', () => {
    fc.assert(
      fc.property(binaryId, binaryId, binaryId, binaryId, fc.string(), (infoHash, peerId, toPeerId, offerId, sdp) => {
        const text = encodeWsAnswerRequest({ infoHash, peerId, toPeerId, offerId, answer: { type: 'answer', sdp } });
        expect(parseWsClientMessage(text, 10)).toEqual({
          action: 'answer',
          infoHash,
          peerId,
          toPeerId,
          offerId,
          answer: { type: 'answer', sdp },
        });
      }),
    );
  });
});

describe('WebSocket client codec: what a tracker sends', () => {
  it('reads our tracker’s reply, relayed offer and relayed answer', () => {
    expect(
      parseWsTrackerMessage(
        encodeWsAnnounceReply(HASH, 120, { complete: 2, incomplete: 3, downloaded: 1 }, 'slow down'),
      ),
    ).toEqual({
      kind: 'announce-reply',
      infoHash: HASH,
      intervalSeconds: 120,
      complete: 2,
      incomplete: 3,
      warning: 'slow down',
    });
    fc.assert(
      fc.property(binaryId, binaryId, binaryId, fc.string(), (infoHash, peerId, offerId, sdp) => {
        expect(
          parseWsTrackerMessage(encodeWsOffer(infoHash, peerId, { offerId, offer: { type: 'offer', sdp } })),
        ).toEqual({ kind: 'offer', infoHash, peerId, offerId, offer: { type: 'offer', sdp } });
        expect(parseWsTrackerMessage(encodeWsAnswer(infoHash, peerId, offerId, { type: 'answer', sdp }))).toEqual({
          kind: 'answer',
          infoHash,
          peerId,
          offerId,
          answer: { type: 'answer', sdp },
        });
      }),
    );
  });

  it('reads failures, with the info hash when the tracker names one', () => {
    expect(parseWsTrackerMessage(encodeWsFailure({ reason: 'no', action: 'announce', infoHash: HASH }))).toEqual({
      kind: 'failure',
      reason: 'no',
      infoHash: HASH,
    });
    expect(parseWsTrackerMessage(encodeWsFailure({ reason: 'binary frames are not accepted' }))).toEqual({
      kind: 'failure',
      reason: 'binary frames are not accepted',
    });
    expect(parseWsTrackerMessage(JSON.stringify({ 'failure reason': 'x', info_hash: 'short' }))).toEqual({
      kind: 'failure',
      reason: 'x',
    });
  });

  it('accepts a reply with no counts (all optional)', () => {
    expect(parseWsTrackerMessage(JSON.stringify({ action: 'announce', info_hash: HASH }))).toEqual({
      kind: 'announce-reply',
      infoHash: HASH,
    });
  });

  it.each([
    ['not JSON', '{"action":', 'not valid JSON'],
    ['an array', '[1,2]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    ['a number for failure reason', JSON.stringify({ 'failure reason': 42 }), 'failure reason must be a string'],
    ['no action', JSON.stringify({ info_hash: HASH }), 'unexpected action'],
    ['a scrape reply', JSON.stringify({ action: 'scrape', files: {} }), 'unexpected action'],
    ['a short info_hash', JSON.stringify({ action: 'announce', info_hash: 'abc' }), 'info_hash'],
    [
      'a wide character in info_hash',
      JSON.stringify({ action: 'announce', info_hash: 'h'.repeat(19) + '\u0100' }),
      'info_hash',
    ],
    ['a string interval', JSON.stringify({ action: 'announce', info_hash: HASH, interval: '120' }), 'interval'],
    ['a zero interval', JSON.stringify({ action: 'announce', info_hash: HASH, interval: 0 }), 'interval'],
    ['a negative count', JSON.stringify({ action: 'announce', info_hash: HASH, complete: -1 }), 'complete'],
    ['a fractional count', JSON.stringify({ action: 'announce', info_hash: HASH, incomplete: 1.5 }), 'incomplete'],
    ['a huge count', JSON.stringify({ action: 'announce', info_hash: HASH, complete: 1e300 }), 'complete'],
    ['an object warning', JSON.stringify({ action: 'announce', info_hash: HASH, 'warning message': {} }), 'warning'],
    [
      'an offer without peer_id',
      JSON.stringify({ action: 'announce', info_hash: HASH, offer: { type: 'offer', sdp: 'x' }, offer_id: OFFER_ID }),
      'peer_id',
    ],
    [
      'an offer without offer_id',
      JSON.stringify({ action: 'announce', info_hash: HASH, peer_id: OTHER, offer: { type: 'offer', sdp: 'x' } }),
      'offer_id',
    ],
    [
      'an offer typed as an answer',
      JSON.stringify({
        action: 'announce',
        info_hash: HASH,
        peer_id: OTHER,
        offer_id: OFFER_ID,
        offer: { type: 'answer', sdp: 'x' },
      }),
      'offer must be',
    ],
    [
      'an answer without sdp',
      JSON.stringify({
        action: 'announce',
        info_hash: HASH,
        peer_id: OTHER,
        offer_id: OFFER_ID,
        answer: { type: 'answer' },
      }),
      'answer must be',
    ],
    [
      'both an offer and an answer',
      JSON.stringify({
        action: 'announce',
        info_hash: HASH,
        peer_id: OTHER,
        offer_id: OFFER_ID,
        offer: { type: 'offer', sdp: 'x' },
        answer: { type: 'answer', sdp: 'y' },
      }),
      'both',
    ],
  ])('refuses %s with bad-response', (_name, text, problem) => {
    const error = refusal(text);
    expect(error.code).toBe('bad-response');
    expect(error.message).toContain(problem);
  });

  it('never throws anything but WsTrackerError, whatever the frame', () => {
    const frame = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record(
          {
            action: fc.constantFrom('announce', 'scrape', 1, null),
            info_hash: fc.oneof(binaryId, fc.string(), fc.integer()),
            peer_id: fc.oneof(binaryId, fc.string()),
            offer_id: fc.oneof(binaryId, fc.string()),
            offer: fc.oneof(fc.record({ type: fc.constantFrom('offer', 'answer'), sdp: fc.string() }), fc.anything()),
            interval: fc.anything(),
            complete: fc.anything(),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(frame, (text) => {
        try {
          parseWsTrackerMessage(text);
        } catch (e) {
          expect(e).toBeInstanceOf(WsTrackerError);
        }
      }),
    );
  });
});

describe('binary strings', () => {
  it('round-trip every byte, 0x80–0x9F included (not windows-1252)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromBinaryString(toBinaryString(bytes))).toEqual(bytes);
      }),
    );
    expect([...fromBinaryString('\u0080\u009f\u00ff')]).toEqual([0x80, 0x9f, 0xff]);
  });
});
