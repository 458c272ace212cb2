import type { BDict, BEncodable, BValue } from '../bencode.js';
import { binaryStringToBytes, bytesToBinaryString, decode, encode } from '../bencode.js';
import { kindOf } from '../metainfo-fields.js';
import { WireError } from './errors.js';

/**
 * The BEP 10 extension handshake: the payload of extended message 0, a bencoded dict. Each side
 * names its extensions in `m` with the id *it* wants to receive them under; 0 turns one off.
 *
 *   d 1:m d 11:ut_metadata i2e ... e  1:v 9:Shoal 0.1  1:p i6881e  4:reqq i250e
 *     13:metadata_size i31235e  6:yourip 4:<ipv4> e
 *
 * Keys not listed here are ignored, as BEP 10 asks; a listed key of the wrong type or out of range
 * is refused ('bad-extension'), since a peer that garbles them cannot be trusted with the rest.
 */

export interface ExtendedHandshake {
  /** Extension name → the sender's local id; 0 means disabled. */
  m: Map<string, number>;
  v?: string;
  p?: number;
  reqq?: number;
  metadataSize?: number;
  yourip?: Uint8Array;
}

const MAX_EXTENSION_ID = 0xff;
const MAX_PORT = 0xffff;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export function encodeExtendedHandshake(h: ExtendedHandshake): Uint8Array {
  const m = new Map<string, number>();
  for (const [name, id] of h.m)
    m.set(bytesToBinaryString(utf8.encode(name)), checkInt(id, `m.${name}`, MAX_EXTENSION_ID));
  const dict: Record<string, BEncodable | undefined> = {
    m,
    v: h.v,
    p: h.p === undefined ? undefined : checkInt(h.p, 'p', MAX_PORT),
    reqq: h.reqq === undefined ? undefined : checkInt(h.reqq, 'reqq'),
    metadata_size: h.metadataSize === undefined ? undefined : checkInt(h.metadataSize, 'metadata_size'),
    yourip: h.yourip === undefined ? undefined : checkAddress(h.yourip),
  };
  return encode(dict);
}

export function decodeExtendedHandshake(payload: Uint8Array): ExtendedHandshake {
  let value: BValue;
  try {
    value = decode(payload);
  } catch (e) {
    throw new WireError('bad-extension', `the extension handshake is not valid bencode: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (!(value instanceof Map)) {
    throw new WireError('bad-extension', `the extension handshake must be a dictionary, not ${kindOf(value)}`);
  }
  const h: ExtendedHandshake = { m: readExtensions(value.get('m')) };
  const v = value.get('v');
  if (v !== undefined) h.v = lenientUtf8.decode(expectBytes(v, 'v'));
  const p = value.get('p');
  if (p !== undefined) h.p = checkInt(expectInt(p, 'p'), 'p', MAX_PORT);
  const reqq = value.get('reqq');
  if (reqq !== undefined) h.reqq = checkInt(expectInt(reqq, 'reqq'), 'reqq');
  const size = value.get('metadata_size');
  if (size !== undefined) h.metadataSize = checkInt(expectInt(size, 'metadata_size'), 'metadata_size');
  const yourip = value.get('yourip');
  if (yourip !== undefined) h.yourip = checkAddress(expectBytes(yourip, 'yourip')).slice();
  return h;
}

/** `m` may be left out of a later handshake that changes nothing; names that are not UTF-8 name nothing we know. */
function readExtensions(m: BValue | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (m === undefined) return out;
  if (!(m instanceof Map)) throw wrongType('m', 'a dictionary', m);
  for (const [key, id] of m as BDict) {
    let name: string;
    try {
      name = strictUtf8.decode(binaryStringToBytes(key));
    } catch {
      continue;
    }
    out.set(name, checkInt(expectInt(id, `m.${name}`), `m.${name}`, MAX_EXTENSION_ID));
  }
  return out;
}

function expectInt(value: BValue, key: string): number {
  if (typeof value !== 'number') throw wrongType(key, 'an integer', value);
  return value;
}

function expectBytes(value: BValue, key: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw wrongType(key, 'a string', value);
  return value;
}

function checkInt(value: number, key: string, max?: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || (max !== undefined && value > max)) {
    const wanted = max === undefined ? 'a non-negative integer' : `an integer from 0 to ${max}`;
    throw new WireError('bad-extension', `the extension handshake's "${key}" ${value} is not ${wanted}`);
  }
  return value;
}

function checkAddress(ip: Uint8Array): Uint8Array {
  if (ip.length !== 4 && ip.length !== 16) {
    throw new WireError('bad-extension', `the extension handshake's "yourip" is ${ip.length} bytes, not 4 or 16`);
  }
  return ip;
}

function wrongType(key: string, wanted: string, got: BValue): WireError {
  return new WireError('bad-extension', `the extension handshake's "${key}" must be ${wanted}, not ${kindOf(got)}`);
}
