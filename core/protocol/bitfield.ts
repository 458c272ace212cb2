import { ProtocolError } from './errors.js';

/** Which pieces are had, in the wire form of BEP 3's `bitfield` message: piece 0 is the high bit of byte 0. */
export class Bitfield {
  readonly length: number;
  private readonly bytes: Uint8Array;
  private ones = 0;

  /** `bytes` is the wire form; throws ProtocolError 'bad-bitfield' if its size is wrong or spare bits are set. */
  constructor(length: number, bytes?: Uint8Array) {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new ProtocolError('bad-bitfield', `bitfield length ${length} is not a non-negative integer`);
    }
    this.length = length;
    const size = Math.ceil(length / 8);
    if (bytes === undefined) {
      this.bytes = new Uint8Array(size);
      return;
    }
    if (bytes.length !== size) {
      throw new ProtocolError('bad-bitfield', `bitfield of ${bytes.length} bytes for ${length} pieces needs ${size}`);
    }
    const spare = length % 8 === 0 ? 0 : 0xff >> (length % 8);
    if (size > 0 && (bytes[size - 1]! & spare) !== 0) {
      throw new ProtocolError('bad-bitfield', 'bitfield has spare bits set past the last piece');
    }
    this.bytes = new Uint8Array(bytes);
    for (const b of this.bytes) this.ones += popcount(b);
  }

  get(i: number): boolean {
    this.check(i);
    return (this.bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  }

  set(i: number, value = true): void {
    if (this.get(i) === value) return;
    this.bytes[i >> 3]! ^= 0x80 >> (i & 7);
    this.ones += value ? 1 : -1;
  }

  count(): number {
    return this.ones;
  }

  isFull(): boolean {
    return this.ones === this.length;
  }

  /** A copy in wire form. */
  toBytes(): Uint8Array {
    return new Uint8Array(this.bytes);
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new ProtocolError('out-of-range', `piece ${i} is outside 0..${this.length - 1}`);
    }
  }
}

function popcount(b: number): number {
  let n = 0;
  for (let x = b; x !== 0; x &= x - 1) n++;
  return n;
}
