/** The part of bittorrent-tracker's server (no bundled types) that the tracker benchmarks use. */
declare module 'bittorrent-tracker' {
  import type { EventEmitter } from 'node:events';
  import type { AddressInfo } from 'node:net';

  export class Server extends EventEmitter {
    constructor(options?: { http?: boolean; udp?: boolean; ws?: boolean; stats?: boolean; trustProxy?: boolean });
    ws: { address(): AddressInfo };
    listen(port: number, hostname: string, onListening: () => void): void;
    close(callback?: () => void): void;
  }
}
