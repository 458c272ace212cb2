import { Duplex } from 'node:stream';
import type SimplePeer from 'simple-peer';
import { TransportError } from './errors.js';

/**
 * Largest data-channel message sent: one 16 KiB block message of the peer wire (13 bytes of
 * header). Browsers interoperate safely up to 16–64 KiB per message, and the remote's SDP limit is
 * not ours to guess, so larger writes are cut into messages of this size.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 + 13;

/**
 * A connected data channel as a plain byte stream. simple-peer is a Duplex too, but it sends each
 * write as one message whatever its size and exposes the signalling API; this wrapper cuts writes,
 * carries back-pressure both ways (simple-peer holds a write while the channel buffers > 64 KiB)
 * and turns the end of the connection into 'close' on this stream.
 */
export class ChannelStream extends Duplex {
  constructor(private readonly peer: SimplePeer.Instance) {
    super({ allowHalfOpen: false });
    peer.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) peer.pause();
    });
    peer.once('close', () => {
      if (!this.destroyed) this.push(null);
      this.destroy();
    });
    peer.on('error', (e: Error & { code?: string }) =>
      this.destroy(new TransportError('rtc-failed', `WebRTC connection failed: ${e.message}`, { cause: e })),
    );
  }

  override _read(): void {
    this.peer.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let flowing = true;
    for (let at = 0; at < chunk.length; at += MAX_MESSAGE_BYTES) {
      flowing = this.peer.write(chunk.subarray(at, at + MAX_MESSAGE_BYTES));
    }
    if (flowing) callback();
    else this.peer.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.peer.destroy();
    callback(error);
  }
}
