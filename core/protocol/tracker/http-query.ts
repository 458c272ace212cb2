import { TrackerRequestError } from './tracker-error.js';

/**
 * Raw query-string access for tracker requests. `info_hash` and `peer_id` are arbitrary bytes
 * percent-encoded; URLSearchParams and querystring decode them as UTF-8 and corrupt every byte
 * ≥ 0x80, so the escapes are decoded into bytes here.
 */

/** Calls `visit(key, from, to)` for each `key=value` pair; [from, to) is the raw value's span. */
export function forEachParam(query: string, visit: (key: string, from: number, to: number) => void): void {
  let at = 0;
  while (at <= query.length) {
    let end = query.indexOf('&', at);
    if (end < 0) end = query.length;
    if (end > at) {
      const eq = query.indexOf('=', at);
      const keyEnd = eq >= 0 && eq < end ? eq : end;
      const key = decodeText(query, at, keyEnd);
      visit(key, keyEnd === end ? end : keyEnd + 1, end);
    }
    at = end + 1;
  }
}

/** Percent-decodes [from, to) of `text` into bytes ('+' is a space, as in form encoding). */
export function decodeBytes(text: string, from: number, to: number): Uint8Array {
  let length = 0;
  for (let i = from; i < to; i++, length++) if (text.charCodeAt(i) === 0x25) i += 2;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (i + 2 >= to || hi < 0 || lo < 0) {
        throw new TrackerRequestError('bad-escape', 'malformed percent-escape in the query string');
      }
      out[o++] = (hi << 4) | lo;
      i += 2;
    } else if (c > 0x7f) {
      throw new TrackerRequestError('bad-escape', 'unescaped non-ASCII character in the query string');
    } else {
      out[o++] = c === 0x2b ? 0x20 : c;
    }
  }
  return out;
}

/** Percent-decodes [from, to) as latin1 text, for names and numbers. */
export function decodeText(text: string, from: number, to: number): string {
  const slice = text.slice(from, to);
  if (!slice.includes('%') && !slice.includes('+')) return slice;
  const bytes = decodeBytes(text, from, to);
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Percent-encodes bytes, leaving only RFC 3986 unreserved characters as they are. */
export function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const unreserved =
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x2d ||
      b === 0x2e ||
      b === 0x5f ||
      b === 0x7e;
    out += unreserved ? String.fromCharCode(b) : `%${b < 16 ? '0' : ''}${b.toString(16).toUpperCase()}`;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
