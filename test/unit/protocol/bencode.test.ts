import { describe, expect, it } from 'vitest';
import { decode, decodeWithSpans, encode, bytesToBinaryString } from '../../../core/protocol/bencode.js';
import { BencodeError } from '../../../core/protocol/errors.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('bencode', () => {
  it('decodes every type and re-encodes canonically', () => {
    const input = bytes('d3:agei-42e4:listli1e1:xe4:name5:shoale');
    const value = decode(input);
    expect(value).toBeInstanceOf(Map);
    expect(encode(value)).toEqual(input);
  });

  it('reports the raw span of each top-level value', () => {
    const input = bytes('d4:infod1:ai1ee1:zi0ee');
    const { spans } = decodeWithSpans(input);
    const [start, end] = spans.get('info')!;
    expect(new TextDecoder().decode(input.subarray(start, end))).toBe('d1:ai1ee');
  });

  it.each([
    ['i12', 'truncated'],
    ['5:abc', 'truncated'],
    ['i03e', 'bad-integer'],
    ['i-0e', 'bad-integer'],
    ['ie', 'bad-integer'],
    ['i1x2e', 'bad-integer'],
    ['i99999999999999999e', 'bad-integer'],
    ['i1ei2e', 'trailing-bytes'],
    ['di1ei2ee', 'bad-key'],
    ['d1:ai1e1:ai2ee', 'duplicate-key'],
    ['x', 'unexpected-byte'],
    ['', 'truncated'],
  ])('refuses %j with %s', (text, code) => {
    expect(() => decode(bytes(text))).toThrow(BencodeError);
    try {
      decode(bytes(text));
    } catch (e) {
      expect((e as BencodeError).code).toBe(code);
    }
  });

  it('refuses nesting beyond the cap without overflowing the stack', () => {
    const deep = bytes('l'.repeat(100_000) + 'e'.repeat(100_000));
    expect(() => decode(deep)).toThrow(/nesting deeper than 64/);
  });

  it('keeps binary keys byte for byte, 0x80–0x9f included', () => {
    const key = new Uint8Array([0x80, 0x9f, 0xff, 0x00]);
    const dict = new Map([[bytesToBinaryString(key), 1]]);
    const decoded = decode(encode(dict)) as Map<string, number>;
    expect([...decoded.keys()][0]).toBe(bytesToBinaryString(key));
  });
});
