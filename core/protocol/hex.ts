import { ProtocolError } from './errors.js';

const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Bytes to lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

/** Hex (either case) to bytes; throws ProtocolError 'bad-hex' on odd length or a non-hex character. */
export function fromHex(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text)) {
    throw new ProtocolError('bad-hex', `not a hex string: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True for exactly 40 hex characters (either case): the text form of a v1 infohash. */
export function isInfoHashHex(text: string): boolean {
  return /^[0-9a-f]{40}$/i.test(text);
}

/**
 * RFC 4648 base32 (either case, no padding) to bytes, as used by 32-character btih magnets.
 * Throws ProtocolError 'bad-base32' on a character outside the alphabet or leftover bits that are set.
 */
export function fromBase32(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text.toUpperCase()) {
    const digit = BASE32.indexOf(ch);
    if (digit < 0) throw new ProtocolError('bad-base32', `not a base32 character: ${JSON.stringify(ch)}`);
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) throw new ProtocolError('bad-base32', 'base32 text has stray trailing bits');
  return out;
}

/** Bytes to RFC 4648 base32, upper case, no padding. */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >> bits) & 31]!;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]!;
  return out;
}
