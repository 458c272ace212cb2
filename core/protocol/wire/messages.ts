import { WireError } from './errors.js';

/**
 * Peer wire messages (BEP 3, BEP 6 fast extension, BEP 10 extension protocol). Every message is
 * framed as `length:u32` then `length` bytes: `id:u8` and a payload. All integers big-endian.
 *
 *   keep-alive      length=0                                                   4 bytes
 *   choke 0 · unchoke 1 · interested 2 · not interested 3                     5
 *   have 4          index:u32                                                  9
 *   bitfield 5      bits:n (high bit of the first byte = piece 0)              5 + n
 *   request 6       index:u32 begin:u32 length:u32                            17
 *   piece 7         index:u32 begin:u32 block:n                               13 + n
 *   cancel 8        index:u32 begin:u32 length:u32                            17
 *   port 9          port:u16 (DHT)                                             7
 *   suggest 13      index:u32                                                  9
 *   have all 14 · have none 15                                                 5
 *   reject 16       index:u32 begin:u32 length:u32                            17
 *   allowed fast 17 index:u32                                                  9
 *   extended 20     extended_id:u8 payload:n (id 0 = the BEP 10 handshake)     6 + n
 *
 * Sizes are checked per id here. Checks against the torrent (index < piece count, a bitfield of
 * the right length with clear spare bits, block length ≤ 16 KiB, fast messages only after both
 * sides offered BEP 6) belong to the peer layer, which knows the torrent and the handshakes.
 */

export type WireMessage =
  | { type: 'keep-alive' }
  | { type: 'choke' }
  | { type: 'unchoke' }
  | { type: 'interested' }
  | { type: 'not-interested' }
  | { type: 'have'; index: number }
  | { type: 'bitfield'; bytes: Uint8Array }
  | { type: 'request'; index: number; begin: number; length: number }
  | { type: 'piece'; index: number; begin: number; block: Uint8Array }
  | { type: 'cancel'; index: number; begin: number; length: number }
  | { type: 'port'; port: number }
  | { type: 'suggest'; index: number }
  | { type: 'have-all' }
  | { type: 'have-none' }
  | { type: 'reject'; index: number; begin: number; length: number }
  | { type: 'allowed-fast'; index: number }
  | { type: 'extended'; id: number; payload: Uint8Array }
  | { type: 'unknown'; id: number; payload: Uint8Array };

type Known = Exclude<WireMessage['type'], 'keep-alive' | 'unknown'>;
type BlockRef = 'request' | 'cancel' | 'reject';

export const MESSAGE_ID: Readonly<Record<Known, number>> = {
  choke: 0,
  unchoke: 1,
  interested: 2,
  'not-interested': 3,
  have: 4,
  bitfield: 5,
  request: 6,
  piece: 7,
  cancel: 8,
  port: 9,
  suggest: 13,
  'have-all': 14,
  'have-none': 15,
  reject: 16,
  'allowed-fast': 17,
  extended: 20,
};

const TYPE_OF_ID = new Map<number, Known>(Object.entries(MESSAGE_ID).map(([type, id]) => [id, type as Known]));
/** Payload sizes of the ids whose payload has one fixed size. */
const FIXED_PAYLOAD: ReadonlyMap<Known, number> = new Map<Known, number>([
  ['choke', 0],
  ['unchoke', 0],
  ['interested', 0],
  ['not-interested', 0],
  ['have-all', 0],
  ['have-none', 0],
  ['have', 4],
  ['suggest', 4],
  ['allowed-fast', 4],
  ['request', 12],
  ['cancel', 12],
  ['reject', 12],
  ['port', 2],
]);
const PIECE_HEADER_BYTES = 13;
const U32_MAX = 0xffffffff;

export function encodeMessage(m: WireMessage): Uint8Array {
  switch (m.type) {
    case 'keep-alive':
      return new Uint8Array(4);
    case 'have':
    case 'suggest':
    case 'allowed-fast':
      return frame(m.type, 4, (out) => putU32(out, 5, u32(m.index, m.type, 'index')));
    case 'request':
    case 'cancel':
    case 'reject':
      return frame(m.type, 12, (out) => putBlockRef(out, m));
    case 'bitfield':
      return frame(m.type, m.bytes.length, (out) => out.set(m.bytes, 5));
    case 'piece': {
      const out = new Uint8Array(PIECE_HEADER_BYTES + m.block.length);
      out.set(encodePieceHeader(m.index, m.begin, m.block.length));
      out.set(m.block, PIECE_HEADER_BYTES);
      return out;
    }
    case 'port':
      return frame(m.type, 2, (out) => putU16(out, 5, m.port));
    case 'extended':
      return frame(m.type, 1 + m.payload.length, (out) => {
        out[5] = byteId(m.id, 'extended message id');
        out.set(m.payload, 6);
      });
    case 'unknown':
      return encodeUnknown(m.id, m.payload);
    default:
      return frame(m.type, 0);
  }
}

/** The 13-byte frame header of a piece message, so a block can be sent without being copied. */
export function encodePieceHeader(index: number, begin: number, blockLength: number): Uint8Array {
  const out = new Uint8Array(PIECE_HEADER_BYTES);
  putU32(out, 0, u32(9 + blockLength, 'piece', 'length'));
  out[4] = MESSAGE_ID.piece;
  putU32(out, 5, u32(index, 'piece', 'index'));
  putU32(out, 9, u32(begin, 'piece', 'begin'));
  return out;
}

/**
 * Decodes one frame's body (`id:u8 payload`, the bytes after the length prefix); an empty body is a
 * keep-alive. Payloads are subarrays of `body`, not copies.
 */
export function decodeMessage(body: Uint8Array): WireMessage {
  if (body.length === 0) return { type: 'keep-alive' };
  const id = body[0]!;
  const type = TYPE_OF_ID.get(id);
  if (type === undefined) return { type: 'unknown', id, payload: body.subarray(1) };
  const size = body.length - 1;
  const fixed = FIXED_PAYLOAD.get(type);
  if (fixed !== undefined && size !== fixed) {
    throw new WireError('bad-message', `the ${type} message (id ${id}) has a payload of ${size} bytes, not ${fixed}`);
  }
  switch (type) {
    case 'have':
    case 'suggest':
    case 'allowed-fast':
      return { type, index: readU32(body, 1) };
    case 'request':
    case 'cancel':
    case 'reject':
      return { type, index: readU32(body, 1), begin: readU32(body, 5), length: readU32(body, 9) };
    case 'bitfield':
      return { type, bytes: body.subarray(1) };
    case 'piece':
      if (size < 8) {
        throw new WireError('bad-message', `the piece message (id 7) has a payload of ${size} bytes, under 8`);
      }
      return { type, index: readU32(body, 1), begin: readU32(body, 5), block: body.subarray(9) };
    case 'port':
      return { type, port: (body[1]! << 8) | body[2]! };
    case 'extended':
      if (size < 1) throw new WireError('bad-message', 'the extended message (id 20) has no extended message id');
      return { type, id: body[1]!, payload: body.subarray(2) };
    default:
      return { type };
  }
}

/** Big-endian u32 at `at`; the caller guarantees four bytes are there. */
export function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function frame(type: Known, payloadLength: number, fill?: (out: Uint8Array) => void): Uint8Array {
  const out = new Uint8Array(5 + payloadLength);
  putU32(out, 0, 1 + payloadLength);
  out[4] = MESSAGE_ID[type];
  fill?.(out);
  return out;
}

function encodeUnknown(id: number, payload: Uint8Array): Uint8Array {
  byteId(id, 'message id');
  const known = TYPE_OF_ID.get(id);
  if (known !== undefined) {
    throw new WireError('bad-message', `message id ${id} is the ${known} message, not an unknown one`);
  }
  const out = new Uint8Array(5 + payload.length);
  putU32(out, 0, 1 + payload.length);
  out[4] = id;
  out.set(payload, 5);
  return out;
}

function putBlockRef(out: Uint8Array, m: { type: BlockRef; index: number; begin: number; length: number }): void {
  putU32(out, 5, u32(m.index, m.type, 'index'));
  putU32(out, 9, u32(m.begin, m.type, 'begin'));
  putU32(out, 13, u32(m.length, m.type, 'length'));
}

function u32(value: number, type: string, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new WireError('bad-message', `the ${type} message's ${field} ${value} is not a 32-bit unsigned integer`);
  }
  return value;
}

function byteId(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new WireError('bad-message', `the ${what} ${value} is not a byte (0–255)`);
  }
  return value;
}

function putU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = value >>> 16;
  out[at + 2] = value >>> 8;
  out[at + 3] = value;
}

function putU16(out: Uint8Array, at: number, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new WireError('bad-message', `the port ${value} is not a 16-bit unsigned integer`);
  }
  out[at] = value >>> 8;
  out[at + 1] = value;
}
