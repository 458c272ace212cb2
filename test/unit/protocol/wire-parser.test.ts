import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat } from '../../../core/protocol/bencode.js';
import { fromHex } from '../../../core/protocol/hex.js';
import type { Handshake, WireEvent, WireMessage } from '../../../core/protocol/wire/index.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  encodeHandshake,
  encodeMessage,
  MESSAGE_ID,
  WireError,
  WireParser,
} from '../../../core/protocol/wire/index.js';
import { thrownBy } from '../../helpers/thrown.js';

const handshake: Handshake = {
  infoHash: Uint8Array.from({ length: 20 }, (_, i) => i),
  peerId: Uint8Array.from({ length: 20 }, (_, i) => 100 + i),
  capabilities: { extended: true, fast: true },
};
const knownIds = new Set(Object.values(MESSAGE_ID));
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (maxLength: number) => fc.uint8Array({ maxLength });
const blockRef = (type: 'request' | 'cancel' | 'reject') =>
  fc.record({ type: fc.constant(type), index: u32, begin: u32, length: u32 });

const message: fc.Arbitrary<WireMessage> = fc.oneof(
  fc.constantFrom<WireMessage>(
    { type: 'keep-alive' },
    { type: 'choke' },
    { type: 'unchoke' },
    { type: 'interested' },
    { type: 'not-interested' },
    { type: 'have-all' },
    { type: 'have-none' },
  ),
  fc.record({ type: fc.constantFrom('have', 'suggest', 'allowed-fast'), index: u32 }),
  fc.record({ type: fc.constant('bitfield'), bytes: bytes(40) }),
  blockRef('request'),
  blockRef('cancel'),
  blockRef('reject'),
  fc.record({ type: fc.constant('piece'), index: u32, begin: u32, block: bytes(300) }),
  fc.record({ type: fc.constant('port'), port: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ type: fc.constant('extended'), id: fc.integer({ min: 0, max: 255 }), payload: bytes(40) }),
  fc.record({
    type: fc.constant('unknown'),
    id: fc.integer({ min: 0, max: 255 }).filter((id) => !knownIds.has(id)),
    payload: bytes(40),
  }),
) as fc.Arbitrary<WireMessage>;

/** Splits `input` at the given points (taken modulo its length), keeping every byte once and in order. */
function split(input: Uint8Array, points: number[]): Uint8Array[] {
  const cuts = [...new Set(points.map((p) => p % (input.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    out.push(input.subarray(from, cut));
    from = cut;
  }
  return out;
}

function pushAll(parser: WireParser, chunks: Uint8Array[]): WireEvent[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

function oneByteChunks(input: Uint8Array): Uint8Array[] {
  return Array.from(input, (b) => Uint8Array.of(b));
}

describe('WireParser', () => {
  it('parses the handshake, then frames, from one chunk', () => {
    const input = concat([
      encodeHandshake(handshake),
      encodeMessage({ type: 'have-all' }),
      encodeMessage({ type: 'keep-alive' }),
      encodeMessage({ type: 'request', index: 1, begin: 0, length: 16384 }),
    ]);
    expect(new WireParser().push(input)).toEqual([
      { type: 'handshake', handshake },
      { type: 'have-all' },
      { type: 'keep-alive' },
      { type: 'request', index: 1, begin: 0, length: 16384 },
    ]);
  });

  it('without expectHandshake, the first bytes are a frame', () => {
    expect(new WireParser({ expectHandshake: false }).push(fromHex('0000000101'))).toEqual([{ type: 'unchoke' }]);
  });

  it('returns the complete frames and keeps the partial one for the next chunk', () => {
    const parser = new WireParser({ expectHandshake: false });
    const piece = encodeMessage({ type: 'piece', index: 5, begin: 0, block: new Uint8Array(100).fill(7) });
    expect(parser.push(concat([encodeMessage({ type: 'choke' }), piece.subarray(0, 50)]))).toEqual([{ type: 'choke' }]);
    expect(parser.push(piece.subarray(50, 112))).toEqual([]);
    expect(parser.push(piece.subarray(112))).toEqual([
      { type: 'piece', index: 5, begin: 0, block: new Uint8Array(100).fill(7) },
    ]);
    expect(parser.push(new Uint8Array(0))).toEqual([]);
  });

  it('gives the same events for 1-byte chunks as for one chunk', () => {
    const input = concat([
      encodeHandshake(handshake),
      encodeMessage({ type: 'bitfield', bytes: fromHex('f0f0f0') }),
      encodeMessage({ type: 'piece', index: 1, begin: 16384, block: Uint8Array.from({ length: 999 }, (_, i) => i) }),
      encodeMessage({ type: 'extended', id: 0, payload: fromHex('6465') }),
    ]);
    expect(pushAll(new WireParser(), oneByteChunks(input))).toEqual(new WireParser().push(input));
  });

  it('property: any messages, split at any boundaries, come out the same', () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        (messages, points, withHandshake) => {
          const frames = messages.map(encodeMessage);
          const input = concat(withHandshake ? [encodeHandshake(handshake), ...frames] : frames);
          const parser = new WireParser({ expectHandshake: withHandshake });
          const expected: WireEvent[] = withHandshake ? [{ type: 'handshake', handshake }, ...messages] : messages;
          expect(pushAll(parser, split(input, points))).toEqual(expected);
          expect(parser.push(new Uint8Array(0))).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hands out the block of a piece that arrived in one chunk as a view of that chunk', () => {
    const frame = encodeMessage({ type: 'piece', index: 0, begin: 0, block: new Uint8Array(16384).fill(1) });
    const [event] = new WireParser({ expectHandshake: false }).push(frame);
    const block = (event as Extract<WireMessage, { type: 'piece' }>).block;
    expect(block.buffer).toBe(frame.buffer);
    expect(block.byteOffset).toBe(13);
  });

  it('copies a frame that straddles chunks once, whole and right', () => {
    const block = Uint8Array.from({ length: 16384 }, (_, i) => (i * 31) & 0xff);
    const frame = encodeMessage({ type: 'piece', index: 9, begin: 32768, block });
    const parser = new WireParser({ expectHandshake: false });
    const head = frame.slice(0, 7000);
    const tail = concat([frame.subarray(7000), encodeMessage({ type: 'choke' })]);
    expect(parser.push(head)).toEqual([]);
    const events = parser.push(tail);
    expect(events).toEqual([{ type: 'piece', index: 9, begin: 32768, block }, { type: 'choke' }]);
    const got = (events[0] as Extract<WireMessage, { type: 'piece' }>).block;
    expect(got.buffer).not.toBe(head.buffer);
    expect(got.buffer).not.toBe(tail.buffer);
  });

  it('refuses a length prefix over the cap as soon as its 4 bytes are in, before any body', () => {
    const overCap = DEFAULT_MAX_MESSAGE_BYTES + 1;
    const prefix = fromHex(overCap.toString(16).padStart(8, '0'));
    const whole = thrownBy(() => new WireParser({ expectHandshake: false }).push(prefix), WireError);
    expect([whole.code, whole.message]).toEqual(['too-long', 'a message of 262145 bytes is over the cap of 262144']);
    const parser = new WireParser({ expectHandshake: false });
    expect(parser.push(prefix.subarray(0, 3))).toEqual([]);
    expect(thrownBy(() => parser.push(prefix.subarray(3)), WireError).code).toBe('too-long');
    const huge = thrownBy(() => new WireParser({ expectHandshake: false }).push(fromHex('ffffffff')), WireError);
    expect(huge.message).toBe('a message of 4294967295 bytes is over the cap of 262144');
  });

  it('accepts a frame of exactly the cap, and honours a custom cap', () => {
    const frame = encodeMessage({ type: 'bitfield', bytes: new Uint8Array(DEFAULT_MAX_MESSAGE_BYTES - 1).fill(0xff) });
    const events = new WireParser({ expectHandshake: false }).push(frame);
    expect(events.map((e) => e.type)).toEqual(['bitfield']);
    const got = (events[0] as Extract<WireMessage, { type: 'bitfield' }>).bytes;
    expect(Buffer.from(got).equals(Buffer.from(frame.subarray(5)))).toBe(true);
    const small = new WireParser({ expectHandshake: false, maxMessageBytes: 13 });
    expect(small.push(encodeMessage({ type: 'request', index: 0, begin: 0, length: 1 }))).toHaveLength(1);
    const error = thrownBy(() => small.push(fromHex('0000000e')), WireError);
    expect([error.code, error.message]).toEqual(['too-long', 'a message of 14 bytes is over the cap of 13']);
  });

  it('refuses a payload of the wrong size, and stays failed', () => {
    const parser = new WireParser({ expectHandshake: false });
    const first = thrownBy(() => parser.push(fromHex('00000004' + '04' + '000001')), WireError);
    expect([first.code, first.message]).toEqual([
      'bad-message',
      'the have message (id 4) has a payload of 3 bytes, not 4',
    ]);
    expect(thrownBy(() => parser.push(encodeMessage({ type: 'choke' })), WireError)).toBe(first);
  });

  it('refuses a bad handshake once 68 bytes are in', () => {
    const bad = encodeHandshake(handshake);
    bad[5] = 0x78;
    const parser = new WireParser();
    expect(parser.push(bad.subarray(0, 67))).toEqual([]);
    const error = thrownBy(() => parser.push(bad.subarray(67)), WireError);
    expect([error.code, error.message]).toEqual([
      'bad-handshake',
      'the protocol name is "BitTxrrent protocol", not "BitTorrent protocol"',
    ]);
  });

  it.each([0, -1, 1.5, NaN])('refuses the cap %s', (max) => {
    expect(() => new WireParser({ maxMessageBytes: max })).toThrow(RangeError);
  });
});
