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
 * Back-pressure marks on the channel's `bufferedAmount`. simple-peer holds writes above 64 KiB,
 * four blocks: at 70 MB/s that drains in under a millisecond, so any pause of the event loop left
 * the channel idle. A megabyte rides out such pauses; sending resumes once it is down to a quarter.
 */
const HIGH_WATER_BYTES = 1024 * 1024;
const LOW_WATER_BYTES = 256 * 1024;

/** The part of a browser RTCDataChannel we use; simple-peer keeps it as `_channel` once connected. */
interface DataChannel {
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: Uint8Array): void;
  addEventListener(type: 'bufferedamountlow', listener: () => void): void;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null;
}

/**
 * A connected data channel as a plain byte stream. simple-peer is a Duplex too, but it sends each
 * write as one message whatever its size, holds writes at a small buffer and exposes the
 * signalling API; this wrapper cuts writes, packs small ones together, carries back-pressure on
 * sending and turns the end of the connection into 'close' on this stream.
 */
export class ChannelStream extends Duplex {
  private readonly channel: DataChannel;
  private waiting: (() => void) | undefined;

  constructor(private readonly peer: SimplePeer.Instance) {
    super({ allowHalfOpen: false });
    const channel = (peer as unknown as { _channel?: DataChannel })._channel;
    if (channel === undefined) throw new TransportError('rtc-failed', 'the data channel is not open');
    this.channel = channel;
    channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
    channel.addEventListener('bufferedamountlow', () => this.resumeWriting());
    // Messages come straight from the channel rather than through simple-peer's own readable
    // stream, a second stream layer per message. A data channel cannot be paused, so there is no
    // back-pressure to lose: the wire above reads as fast as messages arrive.
    channel.onmessage = (event) => this.push(Buffer.from(event.data));
    peer.once('close', () => {
      this.resumeWriting();
      if (!this.destroyed) this.push(null);
      this.destroy();
    });
    peer.on('error', (e: Error & { code?: string }) =>
      this.destroy(new TransportError('rtc-failed', `WebRTC connection failed: ${e.message}`, { cause: e })),
    );
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sent(() => this.sendCut(chunk), callback);
  }

  /** Writes held by cork() or back-pressure: small ones are packed together into full messages. */
  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.sent(() => {
      let packed: Buffer[] = [];
      let packedBytes = 0;
      const flush = () => {
        if (packed.length > 0) this.channel.send(packed.length === 1 ? packed[0]! : Buffer.concat(packed));
        packed = [];
        packedBytes = 0;
      };
      for (const { chunk } of chunks) {
        if (packedBytes + chunk.length > MAX_MESSAGE_BYTES) flush();
        if (chunk.length >= MAX_MESSAGE_BYTES) this.sendCut(chunk);
        else {
          packed.push(chunk);
          packedBytes += chunk.length;
        }
      }
      flush();
    }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.resumeWriting();
    this.peer.destroy();
    callback(error);
  }

  private sendCut(chunk: Buffer): void {
    for (let at = 0; at < chunk.length; at += MAX_MESSAGE_BYTES) {
      this.channel.send(chunk.subarray(at, at + MAX_MESSAGE_BYTES));
    }
  }

  /** Runs a send; the write completes now, or once the channel has drained to the low mark. */
  private sent(send: () => void, callback: (error?: Error | null) => void): void {
    try {
      send();
    } catch (e) {
      return callback(new TransportError('rtc-failed', `WebRTC send failed: ${(e as Error).message}`, { cause: e }));
    }
    if (this.channel.bufferedAmount <= HIGH_WATER_BYTES) return callback();
    this.waiting = () => callback();
  }

  private resumeWriting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
