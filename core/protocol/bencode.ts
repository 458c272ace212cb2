import { BencodeError } from './errors.js';

/**
 * Bencode (BEP 3) values as Shoal holds them. Byte strings stay bytes (`Uint8Array`) because
 * info hashes, piece digests and peer ids are not text. Dictionary keys are "binary strings":
 * one UTF-16 code unit per byte (latin1), so any key round-trips exactly and ASCII keys read as usual.
 */
export type BValue = number | Uint8Array | BValue[] | BDict;
export type BDict = Map<string, BValue>;

/** What `encode` accepts: the decoded forms, plus text (encoded as UTF-8) and plain objects. */
export type BEncodable =
  | number
  | bigint
  | string
  | Uint8Array
  | readonly BEncodable[]
  | ReadonlyMap<string, BEncodable>
  | { readonly [key: string]: BEncodable | undefined };

export interface DecodeOptions {
  /** Deepest list/dict nesting accepted; deeper input is refused rather than risking the stack. */
  maxDepth?: number;
}

export interface Decoded {
  value: BValue;
  /** For a top-level dict: each key's value as [start, end) byte offsets into the input. */
  spans: Map<string, readonly [number, number]>;
}

const DEFAULT_MAX_DEPTH = 64;
const C_0 = 0x30;
const C_9 = 0x39;
const C_COLON = 0x3a;
const C_MINUS = 0x2d;
const C_D = 0x64;
const C_E = 0x65;
const C_I = 0x69;
const C_L = 0x6c;

const utf8 = new TextEncoder();

/** Decodes exactly one bencoded value that fills `input`. Throws BencodeError on anything else. */
export function decode(input: Uint8Array, options: DecodeOptions = {}): BValue {
  return decodeWithSpans(input, options).value;
}

/** Like `decode`, and reports where each top-level dict value sits (the infohash needs raw `info`). */
export function decodeWithSpans(input: Uint8Array, options: DecodeOptions = {}): Decoded {
  const reader = new Reader(input, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const spans = new Map<string, readonly [number, number]>();
  const value = reader.value(0, spans);
  if (reader.pos !== input.length) {
    throw new BencodeError(
      'trailing-bytes',
      `${input.length - reader.pos} unexpected bytes after the value`,
      reader.pos,
    );
  }
  return { value, spans };
}

/**
 * Decodes the one value at the start of `input` and says where it ends, for messages that follow a
 * bencoded dict with raw bytes (BEP 9 ut_metadata data). What comes after the value is not read.
 */
export function decodePrefix(input: Uint8Array, options: DecodeOptions = {}): { value: BValue; end: number } {
  const reader = new Reader(input, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const value = reader.value(0);
  return { value, end: reader.pos };
}

class Reader {
  pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly maxDepth: number,
  ) {}

  value(depth: number, spans?: Map<string, readonly [number, number]>): BValue {
    const c = this.peek();
    if (c === C_I) return this.integer();
    if (c >= C_0 && c <= C_9) return this.bytes();
    if (c === C_L || c === C_D) {
      if (depth >= this.maxDepth) {
        throw new BencodeError('too-deep', `nesting deeper than ${this.maxDepth} levels`, this.pos);
      }
      return c === C_L ? this.list(depth + 1) : this.dict(depth + 1, spans);
    }
    throw new BencodeError('unexpected-byte', `unexpected byte 0x${c.toString(16).padStart(2, '0')}`, this.pos);
  }

  private peek(): number {
    const c = this.buf[this.pos];
    if (c === undefined) throw new BencodeError('truncated', 'input ends in the middle of a value', this.pos);
    return c;
  }

  private integer(): number {
    const start = this.pos;
    this.pos++;
    const end = this.buf.indexOf(C_E, this.pos);
    if (end < 0) throw new BencodeError('truncated', 'integer has no closing "e"', start);
    const n = this.digits(this.pos, end, true, start);
    this.pos = end + 1;
    return n;
  }

  private bytes(): Uint8Array {
    const start = this.pos;
    const colon = this.buf.indexOf(C_COLON, start);
    if (colon < 0) throw new BencodeError('truncated', 'string length has no ":"', start);
    const length = this.digits(start, colon, false, start);
    const from = colon + 1;
    if (from + length > this.buf.length) {
      throw new BencodeError('truncated', `string of ${length} bytes runs past the end of the input`, start);
    }
    this.pos = from + length;
    return this.buf.subarray(from, this.pos);
  }

  /** Parses canonical decimal digits in [from, to): no leading zeros, no "-0", safe integers only. */
  private digits(from: number, to: number, signed: boolean, at: number): number {
    let i = from;
    const negative = signed && this.buf[i] === C_MINUS;
    if (negative) i++;
    if (i === to) throw new BencodeError('bad-integer', 'empty number', at);
    if (this.buf[i] === C_0 && (to - i > 1 || negative)) {
      throw new BencodeError('bad-integer', 'number with a leading zero or "-0"', at);
    }
    if (to - i > 16) throw new BencodeError('bad-integer', 'number too large', at);
    let n = 0;
    for (; i < to; i++) {
      const d = this.buf[i]! - C_0;
      if (d < 0 || d > 9) throw new BencodeError('bad-integer', 'number with a non-digit character', at);
      n = n * 10 + d;
    }
    if (!Number.isSafeInteger(n)) throw new BencodeError('bad-integer', 'number too large', at);
    return negative ? -n : n;
  }

  private list(depth: number): BValue[] {
    this.pos++;
    const out: BValue[] = [];
    while (this.peek() !== C_E) out.push(this.value(depth));
    this.pos++;
    return out;
  }

  private dict(depth: number, spans?: Map<string, readonly [number, number]>): BDict {
    this.pos++;
    const out: BDict = new Map();
    while (this.peek() !== C_E) {
      const keyAt = this.pos;
      const c = this.peek();
      if (c < C_0 || c > C_9) throw new BencodeError('bad-key', 'dictionary key is not a string', keyAt);
      const key = bytesToBinaryString(this.bytes());
      if (out.has(key)) throw new BencodeError('duplicate-key', `duplicate dictionary key "${key}"`, keyAt);
      const valueAt = this.pos;
      out.set(key, this.value(depth));
      spans?.set(key, [valueAt, this.pos]);
    }
    this.pos++;
    return out;
  }
}

/** Encodes canonically: dict keys sorted by their raw bytes, integers in plain decimal. */
export function encode(value: BEncodable): Uint8Array {
  const parts: Uint8Array[] = [];
  write(value, parts);
  return concat(parts);
}

function write(value: BEncodable, out: Uint8Array[]): void {
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`bencode can only hold integers, got ${value}`);
    }
    out.push(ascii(`i${value}e`));
  } else if (typeof value === 'string') {
    writeBytes(utf8.encode(value), out);
  } else if (value instanceof Uint8Array) {
    writeBytes(value, out);
  } else if (Array.isArray(value)) {
    out.push(ascii('l'));
    for (const item of value as readonly BEncodable[]) write(item, out);
    out.push(ascii('e'));
  } else {
    const entries: [string, BEncodable][] =
      value instanceof Map
        ? [...(value as ReadonlyMap<string, BEncodable>)]
        : Object.entries(value).filter((e): e is [string, BEncodable] => e[1] !== undefined);
    // Binary-string keys compare code unit by code unit, which is byte order for latin1.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push(ascii('d'));
    for (const [key, item] of entries) {
      writeBytes(binaryStringToBytes(key), out);
      write(item, out);
    }
    out.push(ascii('e'));
  }
}

function writeBytes(bytes: Uint8Array, out: Uint8Array[]): void {
  out.push(ascii(`${bytes.length}:`), bytes);
}

function ascii(text: string): Uint8Array {
  return binaryStringToBytes(text);
}

/** A binary string (one code unit per byte, as dict keys are held) to its bytes. */
export function binaryStringToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`binary string has a character above U+00FF at ${i}`);
    bytes[i] = code;
  }
  return bytes;
}

/** Bytes to a binary string: the form of dict keys and of the WebTorrent tracker's ids. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  // Not TextDecoder('latin1'): the WHATWG label means windows-1252, which remaps 0x80–0x9F.
  let text = '';
  // Dict keys are short: a plain loop beats spreading a subarray into fromCharCode for them.
  if (bytes.length <= 32) {
    for (const b of bytes) text += String.fromCharCode(b);
    return text;
  }
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
