/** The few parts of the webtorrent v2 client (no bundled types) that the interop tests use. */
declare module 'webtorrent' {
  import type { EventEmitter } from 'node:events';

  namespace WebTorrent {
    interface TorrentFile {
      name: string;
      length: number;
      arrayBuffer(): Promise<ArrayBuffer>;
    }
    interface Torrent extends EventEmitter {
      infoHash: string;
      magnetURI: string;
      torrentFile: Uint8Array;
      files: TorrentFile[];
      numPeers: number;
    }
    interface TorrentOptions {
      announce?: string[];
      name?: string;
      path?: string;
    }
    interface Options {
      dht?: boolean;
      lsd?: boolean;
      utPex?: boolean;
      utp?: boolean;
      natUpnp?: boolean;
      natPmp?: boolean;
      webSeeds?: boolean;
      tracker?: false | { rtcConfig?: { iceServers: unknown[] } };
    }
    interface Instance extends EventEmitter {
      seed(input: Uint8Array, options: TorrentOptions, onSeed: (torrent: Torrent) => void): Torrent;
      add(torrentId: Uint8Array | string, options: TorrentOptions, onTorrent: (torrent: Torrent) => void): Torrent;
      destroy(callback?: (error?: Error) => void): void;
    }
  }

  const WebTorrent: new (options?: WebTorrent.Options) => WebTorrent.Instance;
  export default WebTorrent;
}
