import { mkdir } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import type { Bitfield } from '../../protocol/bitfield.js';
import { CodedError } from '../../protocol/errors.js';
import { fromHex } from '../../protocol/hex.js';
import type { Metainfo } from '../../protocol/metainfo.js';
import { PieceGeometry } from '../../protocol/pieces.js';
import { LimiterChain, RateLimiter } from '../session/rate-limiter.js';
import type { ResumeData } from '../session/library.js';
import { Storage } from '../storage/storage.js';
import { BlockRequests } from './block-requests.js';
import type { TorrentContext, TorrentLimits } from './context.js';
import { Discovery, type DiscoveryMember } from './discovery.js';
import { defaultPriorities, piecePriorities, selection, type FilePriority } from './file-priorities.js';
import { MetadataExchange } from './metadata-exchange.js';
import { PiecePicker } from './piece-picker.js';
import { loadHave } from './resume.js';
import { Swarm, type PieceState, type SwarmHost } from './swarm.js';
import { TorrentStatus } from './torrent-status.js';

export type TorrentState = 'checking' | 'metadata' | 'downloading' | 'seeding' | 'paused' | 'error';

export interface TorrentParams {
  infoHash: string;
  metainfo?: Metainfo;
  name: string;
  trackers: string[][];
  savePath: string;
  /** Per file; empty before metadata, then filled by `choosePriorities`. */
  priorities: FilePriority[];
  choosePriorities?: (metainfo: Metainfo) => FilePriority[];
  sequential: boolean;
  limits: { download: number | null; upload: number | null };
  totals: { uploaded: number; downloaded: number };
  resume?: ResumeData;
  partFilePath: string;
}

/** What a torrent tells its session. */
export interface TorrentEvents {
  metadata(torrent: Torrent, metainfo: Metainfo): void;
  state(torrent: Torrent): void;
  done(torrent: Torrent): void;
  error(torrent: Torrent, error: CodedError): void;
  resume(torrent: Torrent, resume: ResumeData, totals: { uploaded: number; downloaded: number }): void;
}

const TICK_MS = 1000;
const RESUME_SAVE_MS = 5000;

/**
 * One torrent: its lifecycle (metadata → checking → downloading → seeding, paused, error), its
 * storage and piece bookkeeping, its swarm and its trackers. Pieces are assembled in memory,
 * verified on the hash workers and only then written, so nothing unverified is ever on record.
 */
export class Torrent implements SwarmHost {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  readonly limits: TorrentLimits;
  readonly swarm: Swarm;
  readonly status: TorrentStatus;
  metainfo: Metainfo | undefined;
  state: TorrentState;
  error: CodedError | undefined;
  priorities: FilePriority[];
  sequential: boolean;
  /** The per-torrent limits as set (bytes/s; null = none), for showing; the limiters enforce them. */
  readonly limitSettings: { download: number | null; upload: number | null };
  storage: Storage | undefined;
  lastCheck: { at: number; piecesHashed: number; piecesTrusted: number } | undefined;
  private piecesState: PieceState | undefined;
  private discovery: Discovery | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastResumeSave = 0;
  private dirty = false;
  private writing = 0;
  private running = false;
  private startRun = 0;

  constructor(
    readonly params: TorrentParams,
    private readonly ctx: TorrentContext,
    private readonly events: TorrentEvents,
  ) {
    this.infoHash = fromHex(params.infoHash);
    this.peerId = ctx.peerId;
    this.metainfo = params.metainfo;
    const fileCount = params.metainfo?.info.files.length;
    this.priorities =
      fileCount === undefined || params.priorities.length === fileCount
        ? params.priorities
        : (params.choosePriorities?.(params.metainfo!) ?? defaultPriorities(fileCount));
    this.sequential = params.sequential;
    this.state = 'paused';
    this.limitSettings = { ...params.limits };
    const download = new RateLimiter(params.limits.download);
    const upload = new RateLimiter(params.limits.upload);
    this.limits = {
      download,
      upload,
      downloadChain: new LimiterChain([download, ctx.globalDownload]),
      uploadChain: new LimiterChain([upload, ctx.globalUpload]),
    };
    this.status = new TorrentStatus(this, params.totals);
    const metadata = new MetadataExchange(this.infoHash, params.trackers, (m) => this.onMetadata(m), params.metainfo);
    this.swarm = new Swarm(this, metadata);
  }

  get name(): string {
    return this.metainfo?.info.name ?? this.params.name;
  }

  /** Starts (or resumes) the torrent: checks its data, then joins its swarm. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.error = undefined;
    const run = ++this.startRun;
    this.setState(this.metainfo ? 'checking' : 'metadata');
    this.joinSwarm();
    if (this.metainfo) await this.openStorage(run);
  }

  /** Leaves the swarm and closes files; resume data is saved first. */
  async stop(state: 'paused' | 'error' = 'paused'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.startRun++;
    clearInterval(this.timer);
    this.timer = undefined;
    this.swarm.close(state === 'paused' ? 'paused' : 'stopped');
    const discovery = this.discovery;
    this.discovery = undefined;
    await this.saveResume();
    this.piecesState = undefined;
    const storage = this.storage;
    this.storage = undefined;
    await Promise.all([discovery?.stop(), storage?.close()]);
    this.setState(state);
  }

  /** Drops what is known of the data and hashes it all again. */
  async recheck(): Promise<void> {
    const wasRunning = this.running;
    await this.stop();
    this.params.resume = undefined;
    if (wasRunning || this.metainfo) await this.start();
  }

  async setPriorities(priorities: FilePriority[]): Promise<void> {
    this.priorities = priorities;
    this.dirty = true;
    if (!this.storage || !this.piecesState || !this.metainfo) return;
    await this.storage.setSelection(selection(priorities));
    this.piecesState.picker.setPriorities(piecePriorities(this.piecesState.geometry, priorities));
    this.afterPieceChange();
  }

  setSequential(sequential: boolean): void {
    this.sequential = sequential;
    this.piecesState?.picker.setStrategy(sequential ? 'sequential' : 'rarest');
  }

  setLimits(limits: { download?: number | null; upload?: number | null }): void {
    const now = this.now();
    if (limits.download !== undefined) {
      this.limits.download.setRate(limits.download, now);
      this.limitSettings.download = limits.download;
    }
    if (limits.upload !== undefined) {
      this.limits.upload.setRate(limits.upload, now);
      this.limitSettings.upload = limits.upload;
    }
    this.swarm.fillAll();
    this.swarm.resumeUploads();
  }

  /** A stream from discovery (or a test): joins the swarm if there is room. */
  addPeer(stream: Duplex, remotePeerId?: Uint8Array): void {
    if (!this.running) return void stream.destroy();
    this.swarm.addStream(stream, remotePeerId);
  }

  trackers() {
    return this.discovery?.status() ?? [];
  }

  // --- SwarmHost ---

  pieces(): PieceState | undefined {
    return this.piecesState;
  }

  downloading(): boolean {
    return this.state === 'downloading';
  }

  maxPeers(): number {
    return Math.max(
      0,
      Math.min(this.ctx.maxConnectionsPerTorrent(), this.swarm.size + this.ctx.connections.available()),
    );
  }

  pieceAssembled(index: number, data: Uint8Array): void {
    void this.verifyAndStore(index, data);
  }

  downloaded(bytes: number): void {
    this.status.addDownloaded(bytes);
  }

  peersChanged(): void {
    this.status.invalidate();
    if (this.wantedPeers() > 0) this.discovery?.announce();
  }

  now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  // --- internals ---

  wantedPeers(): number {
    if (!this.running || this.state === 'error') return 0;
    return Math.max(0, this.maxPeers() - this.swarm.size);
  }

  private joinSwarm(): void {
    const member: DiscoveryMember = {
      infoHash: this.infoHash,
      peerId: this.peerId,
      stats: () => this.status.announceStats(),
      seeding: () => this.state === 'seeding',
      wantedPeers: () => this.wantedPeers(),
      onPeer: (stream, remotePeerId) => this.addPeer(stream, remotePeerId),
    };
    this.discovery = new Discovery(this.params.trackers, member, {
      wsPool: this.ctx.wsPool,
      port: this.ctx.announcePort,
    });
    this.timer = setInterval(() => this.tick(), TICK_MS).unref();
  }

  private onMetadata(metainfo: Metainfo): void {
    this.metainfo = metainfo;
    if (this.priorities.length !== metainfo.info.files.length) {
      this.priorities = this.params.choosePriorities?.(metainfo) ?? defaultPriorities(metainfo.info.files.length);
    }
    this.events.metadata(this, metainfo);
    if (this.running) {
      this.setState('checking');
      void this.openStorage(this.startRun);
    }
  }

  private async openStorage(run: number): Promise<void> {
    const metainfo = this.metainfo!;
    try {
      // A download folder that is not there yet is made, as every client does for "save to".
      await mkdir(this.params.savePath, { recursive: true });
      const storage = await Storage.open(metainfo.info, this.params.savePath, {
        selection: selection(this.priorities),
        partFilePath: this.params.partFilePath,
        hashWorkers: this.ctx.hashWorkers,
      });
      if (run !== this.startRun) return void (await storage.close());
      this.storage = storage;
      // The selection may have changed while the storage opened (files chosen as the metadata came in).
      await storage.setSelection(selection(this.priorities));
      const check = await loadHave(storage, metainfo.info.pieceCount, this.params.resume, this.ctx.checks);
      if (run !== this.startRun) return;
      this.lastCheck = { at: this.now(), piecesHashed: check.hashed, piecesTrusted: check.trusted };
      this.piecesState = this.buildPieceState(metainfo, storage, check.have);
      this.dirty = true;
      this.setState(this.isComplete() ? 'seeding' : 'downloading');
      this.swarm.piecesReady();
      if (this.isComplete()) await this.finish(false);
    } catch (e) {
      if (run === this.startRun) await this.fail(e);
    }
  }

  private buildPieceState(metainfo: Metainfo, storage: Storage, have: Bitfield): PieceState {
    const geometry = new PieceGeometry(metainfo.info);
    const picker = new PiecePicker(geometry.pieceCount);
    picker.setPriorities(piecePriorities(geometry, this.priorities));
    picker.setStrategy(this.sequential ? 'sequential' : 'rarest');
    for (let i = 0; i < have.length; i++) if (have.get(i)) picker.markHave(i);
    return {
      geometry,
      picker,
      requests: new BlockRequests(geometry, picker),
      have,
      upload: {
        geometry,
        have,
        readBlock: (index, begin, length) => storage.readBlock(index, begin, length),
        chain: this.limits.uploadChain,
        now: () => this.now(),
        uploaded: (bytes) => this.status.addUploaded(bytes),
        readFailed: (e) => void this.fail(e),
      },
    };
  }

  private async verifyAndStore(index: number, data: Uint8Array): Promise<void> {
    const state = this.piecesState;
    const storage = this.storage;
    const metainfo = this.metainfo;
    if (!state || !storage || !metainfo) return;
    this.writing++;
    try {
      const digest = await this.ctx.hashWorkers.sha1(data);
      if (state !== this.piecesState) return;
      const expected = metainfo.info.pieces.subarray(index * 20, index * 20 + 20);
      if (!Buffer.from(digest).equals(expected)) {
        state.requests.pieceFailed(index);
        this.swarm.pieceFailed(index, data);
        return;
      }
      await storage.writePiece(index, data);
      if (state !== this.piecesState) return;
      state.have.set(index);
      state.picker.markHave(index);
      state.requests.pieceVerified(index);
      this.dirty = true;
      this.status.invalidate();
      this.swarm.pieceVerified(index, data);
    } catch (e) {
      await this.fail(e);
    } finally {
      this.writing--;
    }
    if (this.state === 'downloading' && this.isComplete() && this.writing === 0) await this.finish(true);
  }

  private isComplete(): boolean {
    return this.piecesState !== undefined && this.piecesState.picker.remaining() === 0;
  }

  private afterPieceChange(): void {
    this.status.invalidate();
    if (this.state === 'seeding' && !this.isComplete()) this.setState('downloading');
    else if (this.state === 'downloading' && this.isComplete()) void this.finish(true);
    this.swarm.piecesReady();
  }

  /** Every wanted piece is in: zero-length files made, data flushed, resume data saved. */
  private async finish(justCompleted: boolean): Promise<void> {
    try {
      await this.storage?.complete();
    } catch (e) {
      return this.fail(e);
    }
    this.setState('seeding');
    await this.saveResume();
    if (!justCompleted) return;
    this.status.completedAt = this.now();
    if (this.piecesState?.have.isFull()) this.discovery?.announce('completed');
    this.events.done(this);
  }

  private async fail(e: unknown): Promise<void> {
    const error = e instanceof CodedError ? e : new CodedError('internal', (e as Error)?.message ?? String(e));
    if (this.state === 'error') return;
    this.error = error;
    this.events.error(this, error);
    await this.stop('error');
  }

  private tick(): void {
    this.swarm.tick();
    const now = this.now();
    if (this.dirty && now - this.lastResumeSave >= RESUME_SAVE_MS) void this.saveResume();
  }

  /** Flushes written pieces to disk first, so the saved bitfield never claims what is not there. */
  private async saveResume(): Promise<void> {
    const state = this.piecesState;
    const storage = this.storage;
    if (!state || !storage) return;
    this.lastResumeSave = this.now();
    this.dirty = false;
    const have = state.have.toBytes();
    try {
      await storage.flush();
      const resume = { have, files: await storage.fileStats() };
      this.params.resume = resume;
      this.events.resume(this, resume, this.status.totals());
    } catch (e) {
      this.dirty = true;
      if (this.running) await this.fail(e);
    }
  }

  private setState(state: TorrentState): void {
    if (this.state === state) return;
    this.state = state;
    this.status.invalidate();
    this.events.state(this);
  }
}
