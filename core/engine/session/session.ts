import path from 'node:path';
import {
  ApiError,
  maskToken,
  resolveSettings,
  type CommandParams,
  type CommandResult,
  type Settings,
  type ShoalApi,
  type TorrentSummary,
} from '../../api/index.js';
import { CodedError } from '../../protocol/errors.js';
import { parseMetainfo, type Metainfo } from '../../protocol/metainfo.js';
import { HashWorkers } from '../hashing/index.js';
import { newPeerId } from '../peer/peer-id.js';
import { WsTrackerPool, type WsPoolOptions } from '../tracker-client/ws-announce.js';
import { WebRtcTransport } from '../transport/webrtc.js';
import { Torrent, type TorrentEvents } from '../torrent/torrent.js';
import type { TorrentContext } from '../torrent/context.js';
import { CheckQueue } from './check-queue.js';
import { DataDirLock } from './data-dir-lock.js';
import { EventBus } from './event-bus.js';
import { Library, type LibraryEntry } from './library.js';
import { RateLimiter } from './rate-limiter.js';
import { createAndSeed } from './session-create.js';
import { publishFromLibrary, searchServer } from './session-search.js';
import { deleteTorrentData, resolveSource, trackersOf, type ResolvedSource } from './torrent-source.js';
import { detailsOf, fileFractions, progressOf, summaryOf } from './torrent-views.js';

export interface SessionOptions {
  /** Holds library.sqlite. */
  dataDir: string;
  /** The downloadDir setting's default: the host's idea of the user's download folder. */
  defaultDownloadDir: string;
  /** Port sent in HTTP/UDP announces (default 6881). */
  announcePort?: number;
  /** Overrides of the WebSocket tracker pool (tests shorten its timers). */
  ws?: WsPoolOptions;
  hashThreads?: number;
  /** Start every torrent the library has active (default). A command-line run of one torrent turns it off. */
  startAll?: boolean;
}

const PROGRESS_MS = 1000;

/**
 * The engine: many torrents sharing one peer id, one WebSocket per tracker, one WebRTC transport,
 * hash workers and global rate limits; the library that survives restarts; the control API.
 */
export class Session implements ShoalApi {
  readonly events = new EventBus();
  readonly transport: WebRtcTransport;
  private readonly torrents = new Map<string, Torrent>();
  /** When each torrent was added (the library's, kept here: lists are drawn every second). */
  private readonly addedAt = new Map<string, number>();
  private readonly pool: WsTrackerPool;
  private readonly hashWorkers: HashWorkers;
  private readonly globalDownload: RateLimiter;
  private readonly globalUpload: RateLimiter;
  private readonly context: TorrentContext;
  private readonly timer: NodeJS.Timeout;
  private settings: Settings;
  private closed = false;

  private constructor(
    private readonly library: Library,
    private readonly lock: DataDirLock,
    private readonly options: SessionOptions,
  ) {
    this.settings = resolveSettings(library.getSettings(), options.defaultDownloadDir);
    this.transport = new WebRtcTransport({ iceServers: this.settings.iceServers });
    this.pool = new WsTrackerPool(this.transport, options.ws);
    this.hashWorkers = new HashWorkers({ threads: options.hashThreads });
    this.globalDownload = new RateLimiter(this.settings.downloadLimit);
    this.globalUpload = new RateLimiter(this.settings.uploadLimit);
    this.context = {
      peerId: newPeerId(),
      hashWorkers: this.hashWorkers,
      checks: new CheckQueue(),
      wsPool: this.pool,
      connections: { available: () => Math.max(0, this.settings.maxConnections - this.connectionCount()) },
      globalDownload: this.globalDownload,
      globalUpload: this.globalUpload,
      maxConnectionsPerTorrent: () => this.settings.maxConnectionsPerTorrent,
      announcePort: options.announcePort ?? 6881,
    };
    this.timer = setInterval(() => this.reportProgress(), PROGRESS_MS).unref();
  }

  /** Opens the library (LibraryError 'corrupt' names a damaged file; it is never replaced) and resumes every torrent. */
  static async open(options: SessionOptions): Promise<Session> {
    const lock = DataDirLock.acquire(options.dataDir);
    let library: Library;
    try {
      library = Library.open(options.dataDir);
    } catch (e) {
      lock.release();
      throw e;
    }
    const session = new Session(library, lock, options);
    for (const entry of session.library.list()) session.load(entry);
    if (options.startAll === false) return session;
    await Promise.all(
      session.library
        .list()
        .filter((e) => e.state === 'active')
        .map((e) => session.torrents.get(e.infoHash)!.start()),
    );
    return session;
  }

  async listTorrents(): Promise<TorrentSummary[]> {
    const now = Date.now();
    return [...this.torrents.values()].map((t) => summaryOf(t, this.record(t), now));
  }

  async getTorrent({ infoHash }: CommandParams<'getTorrent'>): Promise<CommandResult<'getTorrent'>> {
    const t = this.find(infoHash);
    return detailsOf(t, this.record(t), Date.now());
  }

  async addTorrent(params: CommandParams<'addTorrent'>): Promise<CommandResult<'addTorrent'>> {
    const source = await resolveSource(params, this.settings);
    if (this.torrents.has(source.infoHash)) {
      throw new ApiError('exists', `the torrent ${source.infoHash} is already in the library`);
    }
    const savePath = path.resolve(params.savePath ?? this.settings.downloadDir);
    const entry = this.newEntry(source, savePath, params.paused === true, params.sequential === true);
    this.library.add(entry);
    const torrent = this.load(entry, source.select, source.trackers);
    this.events.emit('torrent:added', { torrent: summaryOf(torrent, this.record(torrent), Date.now()) });
    if (entry.state === 'active') await torrent.start();
    return { infoHash: source.infoHash };
  }

  async createTorrent(params: CommandParams<'createTorrent'>): Promise<CommandResult<'createTorrent'>> {
    const created = await createAndSeed(params, this.settings.trackers, this.events);
    if (params.seed !== false && !this.torrents.has(created.metainfo.infoHash)) {
      const source: ResolvedSource = {
        infoHash: created.metainfo.infoHash,
        name: created.metainfo.info.name,
        metainfo: created.metainfo,
        trackers: created.metainfo.announce,
      };
      const entry = this.newEntry(source, created.savePath, false, false);
      this.library.add(entry);
      this.library.saveResume(entry.infoHash, created.resume, { uploaded: 0, downloaded: 0 });
      const torrent = this.load(entry);
      this.events.emit('torrent:added', { torrent: summaryOf(torrent, this.record(torrent), Date.now()) });
      await torrent.start();
    }
    return {
      infoHash: created.metainfo.infoHash,
      magnet: created.magnet,
      torrent: Buffer.from(created.metainfo.raw).toString('base64'),
    };
  }

  async pause({ infoHash }: CommandParams<'pause'>): Promise<CommandResult<'pause'>> {
    const t = this.find(infoHash);
    this.library.update(infoHash, { state: 'paused' });
    await t.stop('paused');
    return {};
  }

  async resume({ infoHash }: CommandParams<'resume'>): Promise<CommandResult<'resume'>> {
    const t = this.find(infoHash);
    this.library.update(infoHash, { state: 'active', error: null });
    if (t.state === 'error') await t.stop('paused');
    await t.start();
    return {};
  }

  async recheck({ infoHash }: CommandParams<'recheck'>): Promise<CommandResult<'recheck'>> {
    await this.find(infoHash).recheck();
    return {};
  }

  async remove({ infoHash, deleteData }: CommandParams<'remove'>): Promise<CommandResult<'remove'>> {
    const t = this.find(infoHash);
    await t.stop('paused');
    this.torrents.delete(infoHash);
    this.addedAt.delete(infoHash);
    this.library.remove(infoHash);
    this.events.forget(infoHash);
    if (deleteData && t.metainfo) await deleteTorrentData(t.metainfo, t.params.savePath, t.params.partFilePath);
    this.events.emit('torrent:removed', { infoHash });
    return {};
  }

  async selectFiles({ infoHash, files }: CommandParams<'selectFiles'>): Promise<CommandResult<'selectFiles'>> {
    const t = this.find(infoHash);
    const count = t.metainfo?.info.files.length;
    if (count === undefined) throw new ApiError('not-ready', 'the torrent has no metadata yet');
    const priorities = [...t.priorities];
    for (const f of files) {
      if (f.index >= count) throw new ApiError('not-found', `the torrent has no file ${f.index} (it has ${count})`);
      priorities[f.index] = f.priority;
    }
    await t.setPriorities(priorities);
    this.library.update(infoHash, { priorities });
    return {};
  }

  async setSequential({
    infoHash,
    sequential,
  }: CommandParams<'setSequential'>): Promise<CommandResult<'setSequential'>> {
    this.find(infoHash).setSequential(sequential);
    this.library.update(infoHash, { sequential });
    return {};
  }

  async setLimits(params: CommandParams<'setLimits'>): Promise<CommandResult<'setLimits'>> {
    if (params.infoHash === undefined) {
      const patch: Partial<Settings> = {};
      if (params.download !== undefined) patch.downloadLimit = params.download;
      if (params.upload !== undefined) patch.uploadLimit = params.upload;
      await this.setSettings(patch);
      return {};
    }
    const t = this.find(params.infoHash);
    t.setLimits(params);
    this.library.update(params.infoHash, {
      ...(params.download === undefined ? {} : { downloadLimit: params.download }),
      ...(params.upload === undefined ? {} : { uploadLimit: params.upload }),
    });
    return {};
  }

  async getSettings(): Promise<Settings> {
    const s = { ...this.settings };
    if (s.publishToken !== undefined) s.publishToken = maskToken(s.publishToken);
    return s;
  }

  async setSettings(patch: CommandParams<'setSettings'>): Promise<Settings> {
    const merged: Record<string, unknown> = { ...this.settings };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    this.settings = resolveSettings(merged, this.options.defaultDownloadDir);
    this.library.setSettings(merged);
    const now = Date.now();
    this.globalDownload.setRate(this.settings.downloadLimit, now);
    this.globalUpload.setRate(this.settings.uploadLimit, now);
    this.transport.setIceServers(this.settings.iceServers);
    for (const t of this.torrents.values()) t.setLimits({});
    return this.getSettings();
  }

  async search(params: CommandParams<'search'>): Promise<CommandResult<'search'>> {
    return searchServer(this.settings, params);
  }

  async publish(params: CommandParams<'publish'>): Promise<CommandResult<'publish'>> {
    const t = this.find(params.infoHash);
    if (!t.metainfo) throw new ApiError('not-ready', 'the torrent has no metadata yet: it cannot be published');
    return publishFromLibrary(this.settings, t.metainfo, params);
  }

  /** Every torrent stopped (resume data saved), sockets and workers closed. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all([...this.torrents.values()].map((t) => t.stop('paused')));
    await this.pool.close();
    this.transport.close();
    await this.hashWorkers.close();
    this.library.close();
    this.lock.release();
  }

  private connectionCount(): number {
    let n = 0;
    for (const t of this.torrents.values()) n += t.swarm.size;
    return n;
  }

  private find(infoHash: string): Torrent {
    const t = this.torrents.get(infoHash);
    if (!t) throw new ApiError('not-found', `no torrent ${infoHash} in the library`);
    return t;
  }

  private record(t: Torrent) {
    return { addedAt: this.addedAt.get(t.params.infoHash) ?? 0, savePath: t.params.savePath };
  }

  private newEntry(source: ResolvedSource, savePath: string, paused: boolean, sequential: boolean): LibraryEntry {
    return {
      infoHash: source.infoHash,
      name: source.name,
      torrent: source.metainfo?.raw ?? null,
      magnet: source.magnet ?? null,
      savePath,
      state: paused ? 'paused' : 'active',
      addedAt: Date.now(),
      completedAt: null,
      priorities: source.priorities ?? [],
      sequential,
      downloadLimit: null,
      uploadLimit: null,
      uploaded: 0,
      downloaded: 0,
      error: null,
    };
  }

  /** `trackers`: what the add call named (a .torrent's own plus extra ones); else they come from the entry. */
  private load(entry: LibraryEntry, select?: number[], trackers?: string[][]): Torrent {
    const metainfo = entry.torrent ? this.parseStored(entry) : undefined;
    const torrent = new Torrent(
      {
        infoHash: entry.infoHash,
        ...(metainfo ? { metainfo } : {}),
        name: entry.name,
        trackers: trackers?.length ? trackers : trackersOf(entry, metainfo, this.settings.trackers),
        savePath: entry.savePath,
        priorities: entry.priorities,
        choosePriorities: (m) =>
          m.info.files.map((_, i) => (select === undefined || select.includes(i) ? 'normal' : 'skip')),
        sequential: entry.sequential,
        limits: { download: entry.downloadLimit, upload: entry.uploadLimit },
        totals: { uploaded: entry.uploaded, downloaded: entry.downloaded },
        resume: this.library.loadResume(entry.infoHash),
        partFilePath: path.join(entry.savePath, `.${entry.infoHash}.parts`),
      },
      this.context,
      this.torrentEvents,
    );
    this.torrents.set(entry.infoHash, torrent);
    this.addedAt.set(entry.infoHash, entry.addedAt);
    return torrent;
  }

  private parseStored(entry: LibraryEntry): Metainfo {
    try {
      return parseMetainfo(entry.torrent!);
    } catch (e) {
      throw new CodedError('corrupt', `the library's copy of ${entry.infoHash} is damaged: ${(e as Error).message}`);
    }
  }

  private readonly torrentEvents: TorrentEvents = {
    metadata: (t, metainfo) => {
      this.library.update(t.params.infoHash, {
        torrent: metainfo.raw,
        name: metainfo.info.name,
        priorities: t.priorities,
      });
    },
    state: (t) => this.events.emit('torrent:state', { infoHash: t.params.infoHash, state: t.state }),
    done: (t) => {
      this.library.update(t.params.infoHash, { completedAt: t.status.completedAt ?? Date.now() });
      this.events.emit('torrent:done', { infoHash: t.params.infoHash, name: t.name });
      if (!this.settings.seedAfterDownload) void this.pause({ infoHash: t.params.infoHash });
    },
    error: (t, error) => {
      this.library.update(t.params.infoHash, { error: { code: error.code, message: error.message } });
      this.events.emit('torrent:error', { infoHash: t.params.infoHash, code: error.code, message: error.message });
    },
    resume: (t, resume, totals) => {
      if (this.torrents.get(t.params.infoHash) === t) this.library.saveResume(t.params.infoHash, resume, totals);
    },
  };

  private reportProgress(): void {
    const now = Date.now();
    for (const t of this.torrents.values()) {
      const summary = summaryOf(t, this.record(t), now);
      this.events.progress(progressOf(summary, t.metainfo ? fileFractions(t) : undefined));
    }
    this.events.flush();
  }
}
