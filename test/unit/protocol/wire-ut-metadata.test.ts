import { describe, expect, it } from 'vitest';
import { concat, encode } from '../../../core/protocol/bencode.js';
import type { MetadataMessage } from '../../../core/protocol/wire/index.js';
import {
  decodeMetadataMessage,
  encodeMetadataMessage,
  MAX_METADATA_BYTES,
  METADATA_PIECE_BYTES,
  MetadataAssembler,
  metadataPieceCount,
  WireError,
} from '../../../core/protocol/wire/index.js';
import { thrownBy } from '../../helpers/thrown.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder('latin1').decode(b);
/** The example size of BEP 9: three pieces, 16384 + 16384 + 1488 bytes. */
const TOTAL = 34256;
const metadata = Uint8Array.from({ length: TOTAL }, (_, i) => (i * 13) & 0xff);
const pieceOf = (i: number) => metadata.subarray(i * METADATA_PIECE_BYTES, (i + 1) * METADATA_PIECE_BYTES);

function metadataError(fn: () => unknown): string {
  const error = thrownBy(fn, WireError);
  expect(error.code).toBe('bad-metadata');
  return error.message;
}

describe('ut_metadata messages (BEP 9)', () => {
  it.each<[MetadataMessage, string]>([
    [{ type: 'request', piece: 0 }, 'd8:msg_typei0e5:piecei0ee'],
    [{ type: 'reject', piece: 0 }, 'd8:msg_typei2e5:piecei0ee'],
    [{ type: 'request', piece: 2 }, 'd8:msg_typei0e5:piecei2ee'],
  ])('%j is %s', (message, encoded) => {
    expect(text(encodeMetadataMessage(message))).toBe(encoded);
    expect(decodeMetadataMessage(ascii(encoded))).toEqual(message);
  });

  it('a data message is the dict of BEP 9 followed by the raw piece', () => {
    const last = pieceOf(2);
    expect(last.length).toBe(1488);
    const bytes = encodeMetadataMessage({ type: 'data', piece: 2, totalSize: TOTAL, data: last });
    const dict = 'd8:msg_typei1e5:piecei2e10:total_sizei34256ee';
    expect(text(bytes.subarray(0, dict.length))).toBe(dict);
    expect(bytes.subarray(dict.length)).toEqual(last);
    const back = decodeMetadataMessage(bytes);
    expect(back).toEqual({ type: 'data', piece: 2, totalSize: TOTAL, data: last });
    expect((back as Extract<MetadataMessage, { type: 'data' }>).data.buffer).toBe(bytes.buffer);
  });

  it('data whose bytes begin like bencode stay raw', () => {
    const data = ascii('d4:spam4:eggse'.padEnd(METADATA_PIECE_BYTES, 'x'));
    const bytes = encodeMetadataMessage({ type: 'data', piece: 0, totalSize: TOTAL, data });
    expect(decodeMetadataMessage(bytes)).toEqual({ type: 'data', piece: 0, totalSize: TOTAL, data });
  });

  it('ignores keys it does not know', () => {
    const payload = encode({ msg_type: 0, piece: 1, total_size: 5, extra: [1, 2] });
    expect(decodeMetadataMessage(payload)).toEqual({ type: 'request', piece: 1 });
  });

  it.each<[string, Uint8Array, RegExp | string]>([
    ['not bencode', ascii('d8:msg_typei0e'), /^the ut_metadata message is not valid bencode: /],
    ['a list', ascii('li0ee'), 'the ut_metadata message must be a dictionary, not a list'],
    ['no msg_type', encode({ piece: 0 }), 'the ut_metadata message has no "msg_type"'],
    [
      'msg_type as a string',
      encode({ msg_type: '0', piece: 0 }),
      'the ut_metadata "msg_type" must be an integer, not a string',
    ],
    ['an unknown msg_type', encode({ msg_type: 3, piece: 0 }), 'the ut_metadata msg_type 3 is unknown'],
    ['no piece', encode({ msg_type: 0 }), 'the ut_metadata message has no "piece"'],
    [
      'a negative piece',
      encode({ msg_type: 2, piece: -1 }),
      'the ut_metadata piece -1 is not an integer of at least 0',
    ],
    [
      'a request with bytes after it',
      concat([encode({ msg_type: 0, piece: 0 }), ascii('xy')]),
      'the ut_metadata request has 2 bytes after its dictionary',
    ],
    [
      'data without total_size',
      concat([encode({ msg_type: 1, piece: 0 }), pieceOf(0)]),
      'the ut_metadata message has no "total_size"',
    ],
    [
      'data with total_size 0',
      encode({ msg_type: 1, piece: 0, total_size: 0 }),
      'the ut_metadata total_size 0 is not an integer of at least 1',
    ],
    [
      'data of the wrong length',
      concat([encode({ msg_type: 1, piece: 0, total_size: TOTAL }), new Uint8Array(100)]),
      'ut_metadata piece 0 is 100 bytes, not 16384',
    ],
    [
      'a short last piece too long',
      concat([encode({ msg_type: 1, piece: 2, total_size: TOTAL }), new Uint8Array(16384)]),
      'ut_metadata piece 2 is 16384 bytes, not 1488',
    ],
    [
      'a piece past the end',
      concat([encode({ msg_type: 1, piece: 3, total_size: TOTAL }), new Uint8Array(10)]),
      'ut_metadata piece 3 is not one of the 3 pieces of 34256 bytes',
    ],
  ])('refuses %s', (_name, payload, message) => {
    const got = metadataError(() => decodeMetadataMessage(payload));
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  it('refuses to encode data that does not fit the metadata', () => {
    expect(
      metadataError(() => encodeMetadataMessage({ type: 'data', piece: 0, totalSize: TOTAL, data: new Uint8Array(5) })),
    ).toBe('ut_metadata piece 0 is 5 bytes, not 16384');
    expect(metadataError(() => encodeMetadataMessage({ type: 'request', piece: 1.5 }))).toBe(
      'the ut_metadata piece 1.5 is not an integer of at least 0',
    );
  });

  it.each([
    [1, 1],
    [16383, 1],
    [16384, 1],
    [16385, 2],
    [TOTAL, 3],
    [MAX_METADATA_BYTES, 1024],
  ])('metadata of %i bytes has %i pieces', (size, count) => {
    expect(metadataPieceCount(size)).toBe(count);
  });

  it.each([0, -1, 2.5, NaN])('metadataPieceCount refuses the size %s', (size) => {
    expect(metadataError(() => metadataPieceCount(size))).toMatch(
      /^the ut_metadata total_size .* is not an integer of at least 1$/,
    );
  });
});

describe('MetadataAssembler', () => {
  it('assembles pieces that arrive out of order, ignoring duplicates', () => {
    const a = new MetadataAssembler(TOTAL);
    expect(a.missing()).toEqual([0, 1, 2]);
    expect(a.add(2, pieceOf(2))).toBeUndefined();
    expect(a.add(2, pieceOf(2))).toBeUndefined();
    expect(a.add(0, pieceOf(0), TOTAL)).toBeUndefined();
    expect(a.missing()).toEqual([1]);
    const whole = a.add(1, pieceOf(1));
    expect(whole).toEqual(metadata);
    expect(a.missing()).toEqual([]);
    expect(a.add(1, pieceOf(1))).toBeUndefined();
  });

  it('keeps its own copy of each piece', () => {
    const a = new MetadataAssembler(3);
    const piece = Uint8Array.of(1, 2, 3);
    const whole = a.add(0, piece);
    piece.fill(0);
    expect(whole).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('refuses pieces of the wrong length, past the end, or of another total_size', () => {
    const a = new MetadataAssembler(TOTAL);
    expect(metadataError(() => a.add(0, pieceOf(0).subarray(1)))).toBe('ut_metadata piece 0 is 16383 bytes, not 16384');
    expect(metadataError(() => a.add(2, pieceOf(1)))).toBe('ut_metadata piece 2 is 16384 bytes, not 1488');
    expect(metadataError(() => a.add(3, new Uint8Array(1)))).toBe(
      'ut_metadata piece 3 is not one of the 3 pieces of 34256 bytes',
    );
    expect(metadataError(() => a.add(-1, new Uint8Array(1)))).toBe(
      'ut_metadata piece -1 is not one of the 3 pieces of 34256 bytes',
    );
    expect(metadataError(() => a.add(1, pieceOf(1), TOTAL + 1))).toBe(
      'ut_metadata total_size changed from 34256 to 34257',
    );
    expect(a.missing()).toEqual([0, 1, 2]);
  });

  it('refuses sizes over the cap, and bad sizes', () => {
    expect(metadataError(() => new MetadataAssembler(MAX_METADATA_BYTES + 1))).toBe(
      `metadata of ${MAX_METADATA_BYTES + 1} bytes is over the cap of ${MAX_METADATA_BYTES}`,
    );
    expect(metadataError(() => new MetadataAssembler(1001, 1000))).toBe(
      'metadata of 1001 bytes is over the cap of 1000',
    );
    expect(new MetadataAssembler(1000, 1000).missing()).toEqual([0]);
    expect(metadataError(() => new MetadataAssembler(0))).toBe(
      'the ut_metadata total_size 0 is not an integer of at least 1',
    );
  });
});
