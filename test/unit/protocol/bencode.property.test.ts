import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BValue } from '../../../core/protocol/bencode.js';
import { bytesToBinaryString, decode, encode } from '../../../core/protocol/bencode.js';
import { BencodeError } from '../../../core/protocol/errors.js';

const { value } = fc.letrec<{ value: BValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.maxSafeInteger(),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .array(fc.tuple(fc.uint8Array({ maxLength: 12 }).map(bytesToBinaryString), tie('value')), { maxLength: 5 })
      .map((entries) => new Map(entries)),
  ),
}));

describe('bencode properties', () => {
  it('decode(encode(x)) equals x, and encoding is canonical (a second round gives the same bytes)', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encode(v);
        const back = decode(bytes);
        expect(back).toEqual(v);
        expect(Buffer.from(encode(back)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('arbitrary bytes decode or throw BencodeError, nothing else', () => {
    const bencodish = fc
      .array(fc.constantFrom(...'ilde0123456789:-xa'.split('').map((c) => c.charCodeAt(0))), { maxLength: 60 })
      .map((a) => Uint8Array.from(a));
    fc.assert(
      fc.property(fc.oneof(bencodish, fc.uint8Array({ maxLength: 60 })), (bytes) => {
        try {
          decode(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(BencodeError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
