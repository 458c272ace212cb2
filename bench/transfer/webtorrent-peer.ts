import type { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serveParent } from './child-rpc.js';
import type { DownloadParams, DownloadTimes, PeerStats, SeedParams, PeerOptions } from './peer-api.js';

/**
 * One `webtorrent` client (npm, the anchor), alone in this process, steered like shoal-peer.ts:
 * the same methods, the same figures. argv: folder, then JSON PeerOptions (only the tracker applies).
 */

interface WtTorrent extends EventEmitter {
  done: boolean;
}

interface WtClient extends EventEmitter {
  add(torrent: Uint8Array, options: { announce: string[]; path: string }): WtTorrent;
  destroy(callback: (error?: Error) => void): void;
}

interface PolyfillPeerConnection {
  setConfiguration(config: unknown): void;
  close(): void;
}

/*
 * Both packages are loaded by a computed name: neither ships types the build sees (the webtorrent
 * declaration lives with the tests), and these few members are all this file uses.
 */
const WEBTORRENT: string = 'webtorrent';
const POLYFILL: string = 'webrtc-polyfill';

/**
 * RTCPeerConnections this client holds: made and not yet closed. webtorrent 2.8 makes them in
 * @thaunknown/simple-peer/lite, which takes the class straight from webrtc-polyfill and ignores
 * `tracker.wrtc` (a counting class passed there is never constructed), so the count wraps that
 * class's own methods: its constructor always calls setConfiguration, and simple-peer's destroy
 * always calls close.
 */
async function countPeerConnections(): Promise<() => number> {
  const { RTCPeerConnection } = (await import(POLYFILL)) as {
    RTCPeerConnection: { prototype: PolyfillPeerConnection };
  };
  const open = new Set<PolyfillPeerConnection>();
  const proto = RTCPeerConnection.prototype;
  const { setConfiguration, close } = proto;
  proto.setConfiguration = function (this: PolyfillPeerConnection, config: unknown) {
    setConfiguration.call(this, config);
    open.add(this);
  };
  proto.close = function (this: PolyfillPeerConnection) {
    open.delete(this);
    close.call(this);
  };
  return () => open.size;
}

const [folder, rawOptions] = process.argv.slice(2) as [string, string];
const { tracker } = JSON.parse(rawOptions) as PeerOptions;
const rtcOpen = await countPeerConnections();
const { default: WebTorrent } = (await import(WEBTORRENT)) as { default: new (options: object) => WtClient };
const client = new WebTorrent({
  dht: false,
  lsd: false,
  utPex: false,
  utp: false,
  natUpnp: false,
  natPmp: false,
  webSeeds: false,
  tracker: { rtcConfig: { iceServers: [] } },
});
client.on('error', (e: Error) => console.error(`webtorrent: ${e.message}`));

/** Resolves when `ready` says so after one of `events`; rejects on the torrent's error or after `timeoutMs`. */
function when(torrent: WtTorrent, events: string[], ready: () => boolean, what: string, timeoutMs: number) {
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (ready()) finish();
    };
    const onError = (e: Error) => finish(new Error(`${what}: ${e.message}`));
    const timer = setTimeout(() => finish(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      for (const e of events) torrent.off(e, check);
      torrent.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    for (const e of events) torrent.on(e, check);
    torrent.on('error', onError);
    check();
  });
}

/** The data in `savePath` is checked first, as Shoal does. */
async function seed(params: SeedParams): Promise<void> {
  const torrent = client.add(Buffer.from(params.torrent, 'base64'), { announce: [tracker], path: params.savePath });
  let announced = false;
  torrent.once('trackerAnnounce', () => (announced = true));
  await when(torrent, ['done', 'trackerAnnounce'], () => torrent.done && announced, 'seeding', params.timeoutMs);
}

async function download(params: DownloadParams): Promise<DownloadTimes> {
  const savePath = path.join(folder, 'downloads');
  await mkdir(savePath, { recursive: true });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const torrent = client.add(Buffer.from(params.torrent, 'base64'), { announce: [tracker], path: savePath });
  let firstPeerAt: number | undefined;
  let firstByteAt: number | undefined;
  torrent.once('wire', () => (firstPeerAt = performance.now()));
  torrent.once('download', () => (firstByteAt = performance.now()));
  await when(torrent, ['done'], () => torrent.done, 'downloading', params.timeoutMs);
  const doneAt = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    firstPeerMs: (firstPeerAt ?? doneAt) - t0,
    firstByteMs: (firstByteAt ?? doneAt) - t0,
    doneMs: doneAt - t0,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

function stats(): PeerStats {
  return {
    cpu: process.cpuUsage(),
    rss: process.memoryUsage().rss,
    rtcOpen: rtcOpen(),
  };
}

serveParent({ seed, download, stats }, () => new Promise<void>((resolve) => client.destroy(() => resolve())));
