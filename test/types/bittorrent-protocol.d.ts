/** The few parts of WebTorrent's peer wire (bittorrent-protocol v4, no bundled types) the wire interop test uses. */
declare module 'bittorrent-protocol' {
  import type { EventEmitter } from 'node:events';

  /** A streamx Duplex: write() takes the remote's bytes, 'data' carries what it sends. */
  class Wire extends EventEmitter {
    constructor(type?: string | null);
    extendedMapping: Record<number, string>;
    extendedHandshake: Record<string, unknown>;
    peerExtendedHandshake: Record<string, unknown>;
    hasFast: boolean;
    handshake(infoHash: Uint8Array, peerId: Uint8Array, extensions?: { dht?: boolean; fast?: boolean }): void;
    keepAlive(): void;
    choke(): void;
    unchoke(): void;
    interested(): void;
    uninterested(): void;
    have(index: number): void;
    bitfield(bits: Uint8Array): void;
    request(index: number, offset: number, length: number, cb: (err: Error | null, block?: Uint8Array) => void): void;
    piece(index: number, offset: number, block: Uint8Array): void;
    cancel(index: number, offset: number, length: number): void;
    port(port: number): void;
    suggest(index: number): void;
    haveAll(): void;
    haveNone(): void;
    reject(index: number, offset: number, length: number): void;
    allowedFast(index: number): void;
    extended(ext: number | string, payload: Uint8Array | object): void;
    write(chunk: Uint8Array): boolean;
    destroy(): this;
  }
  export default Wire;
}
