import { WireError } from './errors.js';
import type { Handshake } from './handshake.js';
import { decodeHandshake, HANDSHAKE_BYTES } from './handshake.js';
import type { WireMessage } from './messages.js';
import { decodeMessage, readU32 } from './messages.js';

/**
 * An incremental parser of one direction of a peer connection: the handshake, then length-prefixed
 * frames (layouts in messages.ts). Chunks are kept as given and a frame is copied only when it
 * straddles chunks, so a piece arriving in one chunk yields its block as a subarray of that chunk.
 */

export type WireEvent = { type: 'handshake'; handshake: Handshake } | WireMessage;

export interface WireParserOptions {
  /** Default true: the first 68 bytes are a handshake. */
  expectHandshake?: boolean;
  /** Cap on a frame's length prefix; default 256 KiB (bitfields of big torrents, ut_metadata pieces). */
  maxMessageBytes?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
const PREFIX_BYTES = 4;

export class WireParser {
  private readonly maxMessageBytes: number;
  private awaitingHandshake: boolean;
  /** Unparsed input: `chunks[0]` from `head` on, then the other chunks whole. */
  private chunks: Uint8Array[] = [];
  private head = 0;
  private buffered = 0;
  private failure: WireError | undefined;

  constructor(options: WireParserOptions = {}) {
    const max = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`maxMessageBytes must be a positive integer, not ${max}`);
    }
    this.maxMessageBytes = max;
    this.awaitingHandshake = options.expectHandshake ?? true;
  }

  /**
   * Parses every frame that `chunk` completes, in order, correct across any chunk boundary. The
   * caller must not reuse `chunk`: payloads may be views of it. Throws WireError for a length prefix
   * over the cap (as soon as its 4 bytes are in) or a payload of the wrong size for its id; the
   * parser is then spent, and every later push throws the same error.
   */
  push(chunk: Uint8Array): WireEvent[] {
    if (this.failure) throw this.failure;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const events: WireEvent[] = [];
    try {
      for (let event = this.next(); event !== undefined; event = this.next()) events.push(event);
    } catch (e) {
      this.failure = e as WireError;
      this.chunks = [];
      this.buffered = 0;
      throw e;
    }
    return events;
  }

  private next(): WireEvent | undefined {
    if (this.awaitingHandshake) {
      if (this.buffered < HANDSHAKE_BYTES) return undefined;
      this.awaitingHandshake = false;
      return { type: 'handshake', handshake: decodeHandshake(this.take(HANDSHAKE_BYTES)) };
    }
    if (this.buffered < PREFIX_BYTES) return undefined;
    const length = this.peekLength();
    if (length > this.maxMessageBytes) {
      throw new WireError('too-long', `a message of ${length} bytes is over the cap of ${this.maxMessageBytes}`);
    }
    if (this.buffered < PREFIX_BYTES + length) return undefined;
    return decodeMessage(this.take(PREFIX_BYTES + length).subarray(PREFIX_BYTES));
  }

  private peekLength(): number {
    const first = this.chunks[0]!;
    if (first.length - this.head >= PREFIX_BYTES) return readU32(first, this.head);
    let length = 0;
    let chunk = 0;
    let at = this.head;
    for (let got = 0; got < PREFIX_BYTES; got++) {
      while (at === this.chunks[chunk]!.length) {
        chunk++;
        at = 0;
      }
      length = length * 256 + this.chunks[chunk]![at++]!;
    }
    return length;
  }

  /** Removes the next `n` buffered bytes (the caller checked they are there): a view if one chunk holds them. */
  private take(n: number): Uint8Array {
    this.buffered -= n;
    const first = this.chunks[0]!;
    if (first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) this.dropChunks(1, 0);
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    let chunk = 0;
    let from = this.head;
    for (;;) {
      const bytes = this.chunks[chunk]!;
      const count = Math.min(bytes.length - from, n - filled);
      out.set(bytes.subarray(from, from + count), filled);
      filled += count;
      if (from + count < bytes.length) {
        this.dropChunks(chunk, from + count);
        return out;
      }
      chunk++;
      from = 0;
      if (filled === n) {
        this.dropChunks(chunk, 0);
        return out;
      }
    }
  }

  /** Forgets the first `count` chunks; the next byte is at `head` of the chunk that is then first. */
  private dropChunks(count: number, head: number): void {
    if (count === 1) this.chunks.shift();
    else if (count > 1) this.chunks.splice(0, count);
    this.head = head;
  }
}
