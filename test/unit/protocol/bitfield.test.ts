import { describe, expect, it } from 'vitest';
import { Bitfield } from '../../../core/protocol/bitfield.js';
import { ProtocolError } from '../../../core/protocol/errors.js';

describe('Bitfield', () => {
  it('sets and clears bits MSB first, keeping the count', () => {
    const b = new Bitfield(10);
    expect(b.toBytes()).toEqual(new Uint8Array([0, 0]));
    b.set(0);
    b.set(9);
    b.set(9);
    expect(b.toBytes()).toEqual(new Uint8Array([0x80, 0x40]));
    expect([b.get(0), b.get(1), b.get(9)]).toEqual([true, false, true]);
    expect(b.count()).toBe(2);
    b.set(0, false);
    b.set(0, false);
    expect(b.count()).toBe(1);
    expect(b.isFull()).toBe(false);
  });

  it('reads the wire form and knows when it is full', () => {
    const b = new Bitfield(12, new Uint8Array([0xff, 0xf0]));
    expect(b.count()).toBe(12);
    expect(b.isFull()).toBe(true);
    expect(new Bitfield(0).isFull()).toBe(true);
  });

  it('copies: changing the input or the output does not change the bitfield', () => {
    const wire = new Uint8Array([0x80]);
    const b = new Bitfield(3, wire);
    wire[0] = 0;
    b.toBytes()[0] = 0;
    expect(b.get(0)).toBe(true);
  });

  it.each([
    [10, [0xff], 'bitfield of 1 bytes for 10 pieces needs 2'],
    [10, [0xff, 0xff, 0], 'bitfield of 3 bytes for 10 pieces needs 2'],
    [10, [0xff, 0xe0], 'bitfield has spare bits set past the last piece'],
    [1, [0x01], 'bitfield has spare bits set past the last piece'],
  ])('refuses %i pieces in %j', (length, bytes, message) => {
    expect(() => new Bitfield(length, new Uint8Array(bytes))).toThrow(new ProtocolError('bad-bitfield', message));
  });

  it('refuses indices outside the bitfield', () => {
    const b = new Bitfield(8);
    expect(() => b.get(8)).toThrow(expect.objectContaining({ code: 'out-of-range' }));
    expect(() => b.set(-1)).toThrow(expect.objectContaining({ code: 'out-of-range' }));
  });
});
