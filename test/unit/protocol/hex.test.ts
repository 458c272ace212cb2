import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase32, fromHex, isInfoHashHex, toBase32, toHex } from '../../../core/protocol/hex.js';

describe('hex and base32', () => {
  it('round-trip any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromHex(toHex(bytes))).toEqual(bytes);
        expect(fromHex(toHex(bytes).toUpperCase())).toEqual(bytes);
        expect(fromBase32(toBase32(bytes))).toEqual(bytes);
      }),
    );
  });

  it('match the RFC 4648 test vectors', () => {
    expect(toBase32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    expect(new TextDecoder().decode(fromBase32('mzxw6ytboi'))).toBe('foobar');
    expect(toHex(new Uint8Array([0, 0xab, 0xff]))).toBe('00abff');
  });

  it.each([
    [() => fromHex('abc'), 'bad-hex'],
    [() => fromHex('zz'), 'bad-hex'],
    [() => fromBase32('MZXW1'), 'bad-base32'],
    [() => fromBase32('MZXW7'), 'bad-base32'],
  ])('refuses malformed text (%#)', (call, code) => {
    expect(call).toThrow(expect.objectContaining({ code }));
  });

  it('recognises a 40-character infohash in either case only', () => {
    expect(isInfoHashHex('A'.repeat(40))).toBe(true);
    expect(isInfoHashHex('a'.repeat(39))).toBe(false);
    expect(isInfoHashHex('g'.repeat(40))).toBe(false);
  });
});
