import type { BValue } from '../bencode.js';
import { concat, decodePrefix, encode } from '../bencode.js';
import { kindOf } from '../metainfo-fields.js';
import { WireError } from './errors.js';

/**
 * BEP 9 ut_metadata: the info dict fetched from peers in 16 KiB pieces (the last one shorter).
 * Each message is the payload of an extended message under the id the receiver chose for ut_metadata:
 *
 *   request  d 8:msg_type i0e 5:piece i<n>e e
 *   data     d 8:msg_type i1e 5:piece i<n>e 10:total_size i<bytes>e e <the piece's bytes>
 *   reject   d 8:msg_type i2e 5:piece i<n>e e
 *
 * The assembled whole must still be checked against the infohash (metainfoFromInfoBytes does).
 */

export const METADATA_PIECE_BYTES = 16384;
export const MAX_METADATA_BYTES = 16 * 1024 * 1024;

export type MetadataMessage =
  | { type: 'request'; piece: number }
  | { type: 'data'; piece: number; totalSize: number; data: Uint8Array }
  | { type: 'reject'; piece: number };

const MSG_TYPE = { request: 0, data: 1, reject: 2 } as const;

export function encodeMetadataMessage(m: MetadataMessage): Uint8Array {
  const piece = checkCount(m.piece, 'piece', 0);
  if (m.type !== 'data') return encode({ msg_type: MSG_TYPE[m.type], piece });
  checkPieceLength(m.totalSize, piece, m.data.length);
  return concat([encode({ msg_type: MSG_TYPE.data, piece, total_size: m.totalSize }), m.data]);
}

/** Decodes a ut_metadata payload; the data of a 'data' message is a view of `payload`. */
export function decodeMetadataMessage(payload: Uint8Array): MetadataMessage {
  let value: BValue;
  let end: number;
  try {
    ({ value, end } = decodePrefix(payload));
  } catch (e) {
    throw new WireError('bad-metadata', `the ut_metadata message is not valid bencode: ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (!(value instanceof Map)) {
    throw new WireError('bad-metadata', `the ut_metadata message must be a dictionary, not ${kindOf(value)}`);
  }
  const msgType = intField(value, 'msg_type');
  const piece = checkCount(intField(value, 'piece'), 'piece', 0);
  if (msgType === MSG_TYPE.data) {
    const totalSize = intField(value, 'total_size');
    const data = payload.subarray(end);
    checkPieceLength(totalSize, piece, data.length);
    return { type: 'data', piece, totalSize, data };
  }
  if (msgType !== MSG_TYPE.request && msgType !== MSG_TYPE.reject) {
    throw new WireError('bad-metadata', `the ut_metadata msg_type ${msgType} is unknown`);
  }
  const type = msgType === MSG_TYPE.request ? 'request' : 'reject';
  const rest = payload.length - end;
  if (rest !== 0) throw new WireError('bad-metadata', `the ut_metadata ${type} has ${rest} bytes after its dictionary`);
  return { type, piece };
}

export function metadataPieceCount(totalSize: number): number {
  return Math.ceil(checkCount(totalSize, 'total_size', 1) / METADATA_PIECE_BYTES);
}

/** The exact length piece `piece` of metadata of `totalSize` bytes must have. */
export function metadataPieceLength(totalSize: number, piece: number): number {
  const count = metadataPieceCount(totalSize);
  if (!Number.isSafeInteger(piece) || piece < 0 || piece >= count) {
    throw new WireError(
      'bad-metadata',
      `ut_metadata piece ${piece} is not one of the ${count} pieces of ${totalSize} bytes`,
    );
  }
  return piece === count - 1 ? totalSize - piece * METADATA_PIECE_BYTES : METADATA_PIECE_BYTES;
}

/**
 * Collects metadata pieces in any order. Refuses a size over the cap, a piece of the wrong length
 * and a total_size that differs from the one it was made with; a piece it already holds is ignored.
 */
export class MetadataAssembler {
  private readonly whole: Uint8Array;
  private readonly held: Uint8Array;
  private remaining: number;

  constructor(
    readonly totalSize: number,
    maxBytes: number = MAX_METADATA_BYTES,
  ) {
    const count = metadataPieceCount(totalSize);
    if (totalSize > maxBytes) {
      throw new WireError('bad-metadata', `metadata of ${totalSize} bytes is over the cap of ${maxBytes}`);
    }
    this.whole = new Uint8Array(totalSize);
    this.held = new Uint8Array(count);
    this.remaining = count;
  }

  /** Adds one piece; returns the whole metadata when this piece completes it, else undefined. */
  add(piece: number, data: Uint8Array, totalSize?: number): Uint8Array | undefined {
    if (totalSize !== undefined && totalSize !== this.totalSize) {
      throw new WireError('bad-metadata', `ut_metadata total_size changed from ${this.totalSize} to ${totalSize}`);
    }
    checkPieceLength(this.totalSize, piece, data.length);
    if (this.held[piece] === 1 || this.remaining === 0) return undefined;
    this.whole.set(data, piece * METADATA_PIECE_BYTES);
    this.held[piece] = 1;
    this.remaining--;
    return this.remaining === 0 ? this.whole : undefined;
  }

  /** The pieces still to fetch, in ascending order. */
  missing(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.held.length; i++) if (this.held[i] === 0) out.push(i);
    return out;
  }
}

function checkPieceLength(totalSize: number, piece: number, length: number): void {
  const expected = metadataPieceLength(totalSize, piece);
  if (length !== expected) {
    throw new WireError('bad-metadata', `ut_metadata piece ${piece} is ${length} bytes, not ${expected}`);
  }
}

function intField(dict: Map<string, BValue>, key: string): number {
  const value = dict.get(key);
  if (value === undefined) throw new WireError('bad-metadata', `the ut_metadata message has no "${key}"`);
  if (typeof value !== 'number') {
    throw new WireError('bad-metadata', `the ut_metadata "${key}" must be an integer, not ${kindOf(value)}`);
  }
  return value;
}

function checkCount(value: number, key: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new WireError('bad-metadata', `the ut_metadata ${key} ${value} is not an integer of at least ${min}`);
  }
  return value;
}
