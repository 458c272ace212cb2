import { createHash } from 'node:crypto';
import {
  ApiError,
  SETTINGS_DEFAULTS,
  type Settings,
  type ShoalApi,
  type TorrentDetails,
  type TorrentProgress,
  type TorrentSummary,
} from '../../core/api/index.js';
import { EventBus } from '../../core/engine/session/event-bus.js';
import type { DaemonEngine } from '../../daemon/server.js';

/**
 * A bench-only stand-in for the engine the daemon hosts (DaemonEngine: the control API and its
 * events), holding N synthetic torrents. 1,000 real downloads that all progress every second
 * cannot run on a 2-core machine beside the browser that watches them; what bench:ui measures is
 * the path from the engine's events to pixels: the real EventBus (its once-a-second batching and
 * dropping of unchanged entries), the real daemon server and events socket, the real renderer.
 *
 * Torrents are the same on every run (seeded generator), so the static and live modes show the
 * same list. Commands the list view does not use answer 'unsupported'.
 */
export class SyntheticEngine implements DaemonEngine {
  readonly events = new EventBus();
  private readonly torrents: TorrentSummary[];
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private settings: Settings = { ...SETTINGS_DEFAULTS, trackers: [], iceServers: [], downloadDir: '/bench/downloads' };
  /** Time spent making updates (not the daemon's work, but in its process): reported apart. */
  generateMs = 0;
  ticks = 0;

  constructor(count: number, seed = 8) {
    this.random = mulberry32(seed);
    const start = Date.UTC(2026, 0, 1);
    this.torrents = Array.from({ length: count }, (_, i) => this.makeTorrent(i, start + i * 60_000));
  }

  /** Every torrent changes its numbers every second from now on (live mode). */
  startUpdates(periodMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(periodMs / 1000), periodMs);
  }

  stopUpdates(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stopUpdates();
  }

  /** One second of transfer: speeds wander, bytes add up, peers come and go; then the bus's once-a-second flush. */
  private tick(seconds: number): void {
    const t0 = performance.now();
    for (const [i, t] of this.torrents.entries()) {
      const next = this.step(t, seconds);
      this.torrents[i] = next;
      this.events.progress(progressOf(next));
    }
    this.generateMs += performance.now() - t0;
    this.ticks++;
    this.events.flush();
  }

  private step(t: TorrentSummary, seconds: number): TorrentSummary {
    const wander = (speed: number, max: number) =>
      Math.round(Math.min(max, Math.max(1024, speed * (0.8 + 0.4 * this.random()))));
    const uploadSpeed = wander(t.uploadSpeed, 2_000_000);
    const uploaded = t.uploaded + Math.round(uploadSpeed * seconds);
    const peers = Math.max(1, t.peers + Math.round(this.random() * 2 - 1));
    const seeds = Math.min(peers, Math.max(0, t.seeds + Math.round(this.random() * 2 - 1)));
    if (t.state === 'seeding') {
      return { ...t, uploadSpeed, uploaded, peers, seeds, ratio: uploaded / Math.max(t.downloaded, t.length) };
    }
    const downloadSpeed = wander(t.downloadSpeed, 8_000_000);
    const downloaded = Math.min(t.length - 1, t.downloaded + Math.round(downloadSpeed * seconds));
    return {
      ...t,
      downloadSpeed,
      uploadSpeed,
      downloaded,
      uploaded,
      peers,
      seeds,
      progress: downloaded / t.length,
      eta: Math.ceil((t.length - downloaded) / downloadSpeed),
      ratio: uploaded / Math.max(downloaded, 1),
    };
  }

  private makeTorrent(i: number, addedAt: number): TorrentSummary {
    const r = this.random;
    const length = Math.round((0.05 + r() * 40) * 1024 ** 3);
    // Big enough that no download finishes during a run: every torrent keeps changing.
    const seeding = i % 5 < 2;
    const downloaded = seeding ? length : Math.round(length * r() * 0.9);
    const downloadSpeed = seeding ? 0 : Math.round(50_000 + r() * 4_000_000);
    const uploaded = Math.round(downloaded * r() * 2);
    const peers = 1 + Math.floor(r() * 40);
    return {
      infoHash: createHash('sha1').update(`shoal-bench-ui-${i}`).digest('hex'),
      name: releaseName(i, r),
      state: seeding ? 'seeding' : 'downloading',
      progress: downloaded / length,
      length,
      totalLength: length,
      downloaded,
      uploaded,
      ratio: uploaded / Math.max(downloaded, 1),
      downloadSpeed,
      uploadSpeed: Math.round(10_000 + r() * 1_000_000),
      peers,
      seeds: Math.floor(peers * r()),
      eta: seeding ? null : Math.ceil((length - downloaded) / downloadSpeed),
      savePath: '/bench/downloads',
      addedAt,
      ...(seeding ? { completedAt: addedAt + 3_600_000 } : {}),
      sequential: false,
      limits: { download: null, upload: null },
    };
  }

  private find(infoHash: string): TorrentSummary {
    const t = this.torrents.find((x) => x.infoHash === infoHash);
    if (!t) throw new ApiError('not-found', `no torrent ${infoHash}`);
    return t;
  }

  // The control API, as much of it as the list view and the details panel call.
  listTorrents: ShoalApi['listTorrents'] = async () => [...this.torrents];
  getTorrent: ShoalApi['getTorrent'] = async ({ infoHash }) => detailsOf(this.find(infoHash));
  getSettings: ShoalApi['getSettings'] = async () => this.settings;
  setSettings: ShoalApi['setSettings'] = async () => this.settings;
  addTorrent: ShoalApi['addTorrent'] = unsupported('addTorrent');
  createTorrent: ShoalApi['createTorrent'] = unsupported('createTorrent');
  pause: ShoalApi['pause'] = unsupported('pause');
  resume: ShoalApi['resume'] = unsupported('resume');
  recheck: ShoalApi['recheck'] = unsupported('recheck');
  remove: ShoalApi['remove'] = unsupported('remove');
  selectFiles: ShoalApi['selectFiles'] = unsupported('selectFiles');
  setSequential: ShoalApi['setSequential'] = unsupported('setSequential');
  setLimits: ShoalApi['setLimits'] = unsupported('setLimits');
  search: ShoalApi['search'] = unsupported('search');
  publish: ShoalApi['publish'] = unsupported('publish');
}

function unsupported(name: string): () => Promise<never> {
  return async () => {
    throw new ApiError('unsupported', `${name}: the bench:ui stand-in engine only serves the list`);
  };
}

function progressOf(t: TorrentSummary): TorrentProgress {
  const { infoHash, state, progress, downloaded, uploaded, downloadSpeed, uploadSpeed, peers, seeds, eta } = t;
  return { infoHash, state, progress, downloaded, uploaded, downloadSpeed, uploadSpeed, peers, seeds, eta };
}

function detailsOf(t: TorrentSummary): TorrentDetails {
  return {
    ...t,
    bannedPeers: 0,
    files: [{ index: 0, path: `${t.name}.mkv`, length: t.length, progress: t.progress, priority: 'normal' }],
    peers: [],
    trackers: [],
    pieces: { count: 0, length: 0, have: '' },
    magnet: `magnet:?xt=urn:btih:${t.infoHash}`,
    private: false,
  };
}

const WORDS = ['Ocean', 'Shoal', 'Reef', 'Tide', 'Current', 'Harbour', 'Drift', 'Coral', 'Kelp', 'Lagoon', 'Swell'];
const TAILS = ['1080p.WEB-DL', '2160p.UHD.BluRay.REMUX.HDR', 'FLAC.24bit', 'ISO', 'Complete.Season', 'EPUB'];

/** Names of the lengths real lists have, from a word to a long release name. */
function releaseName(i: number, r: () => number): string {
  const words = Array.from({ length: 1 + Math.floor(r() * 6) }, () => WORDS[Math.floor(r() * WORDS.length)]!);
  return `${words.join('.')}.${2000 + (i % 27)}.${TAILS[Math.floor(r() * TAILS.length)]!}-${i}`;
}

/** A small seeded generator: the same torrents and the same walk on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
