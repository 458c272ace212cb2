import { availableParallelism } from 'node:os';
import { HashError } from './errors.js';
import { CallingThreadLane, WorkerLane, type Lane, type LaneMessage } from './hash-lanes.js';
import type { HasherSetup, Job } from './piece-hasher.js';

/** A file in torrent order; its bytes follow the previous file's in the concatenation. */
export interface HashFile {
  path: string;
  length: number;
  /** Byte of `path` where this file's bytes begin (default 0): a part file holds several files. */
  start?: number;
}

export interface HashProgress {
  bytesHashed: number;
  totalBytes: number;
  piecesHashed: number;
  pieceCount: number;
}

export interface HashOptions {
  /** Hashing threads in all; default: the number of cores, at most 8. */
  threads?: number;
  /**
   * Let the calling thread be one of the `threads`, hashing a run of pieces per event-loop turn
   * (about 10 ms each). It saves starting one worker; for command-line tools, where nothing else
   * waits on the event loop. A library host leaves it off and keeps its event loop free.
   */
  useCallingThread?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: HashProgress) => void;
  /** Treat missing or short files as holes (pieces marked unreadable) instead of failing. */
  missingOk?: boolean;
  /** Refuse to open a file through a symbolic link (O_NOFOLLOW on the last path element). */
  noFollow?: boolean;
}

export interface HashResult {
  /** 20-byte SHA-1 digests, one per piece, concatenated. */
  digests: Uint8Array;
  /** 1 where every byte of the piece was read, 0 where a file was missing or short. */
  readable: Uint8Array;
}

/** Bytes per job: big sequential runs, small enough that threads finish close together. */
const RUN_BYTES = 16 * 1024 * 1024;
/** Jobs queued per lane, so that a worker never waits for the main thread between jobs. */
const JOBS_IN_FLIGHT = 2;
const MAX_DEFAULT_THREADS = 8;

export function defaultThreads(): number {
  return Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
}

/**
 * SHA-1 of every piece of the concatenation of `files`, computed by threads that each read their
 * own runs of whole pieces, handed out as they finish. Rejects with `signal.reason` when aborted;
 * every worker has closed its files and exited by the time the promise settles.
 */
export function hashPieces(files: readonly HashFile[], pieceLength: number, options: HashOptions = {}) {
  return new HashRun(files, pieceLength, options).done;
}

class HashRun {
  readonly done: Promise<HashResult>;
  private readonly setup: HasherSetup;
  private readonly pieceCount: number;
  private readonly batchPieces: number;
  private readonly digests: Uint8Array;
  private readonly readable: Uint8Array;
  private readonly lanes: Lane[] = [];
  private nextPiece = 0;
  private piecesHashed = 0;
  private failure: unknown;
  private settle!: { resolve: (r: HashResult) => void; reject: (e: unknown) => void };

  constructor(
    files: readonly HashFile[],
    pieceLength: number,
    private readonly options: HashOptions,
  ) {
    let offset = 0;
    const hasherFiles = files.map((f) => {
      const entry = { path: f.path, length: f.length, offset, start: f.start ?? 0 };
      offset += f.length;
      return entry;
    });
    const missingOk = options.missingOk === true;
    this.setup = {
      files: hasherFiles,
      pieceLength,
      totalLength: offset,
      missingOk,
      noFollow: options.noFollow === true,
    };
    this.pieceCount = Math.ceil(offset / pieceLength);
    this.batchPieces = Math.max(1, Math.floor(RUN_BYTES / pieceLength));
    this.digests = new Uint8Array(this.pieceCount * 20);
    this.readable = new Uint8Array(this.pieceCount);
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.start();
  }

  private start(): void {
    const { signal } = this.options;
    if (signal?.aborted) return this.settle.reject(signal.reason);
    if (this.pieceCount === 0) return this.settle.resolve({ digests: this.digests, readable: this.readable });
    signal?.addEventListener('abort', this.onAbort, { once: true });
    const batches = Math.ceil(this.pieceCount / this.batchPieces);
    const threads = Math.max(1, Math.min(this.options.threads ?? defaultThreads(), batches));
    const onMessage = (lane: Lane, m: LaneMessage) => this.onMessage(lane, m);
    const onError = (e: Error) => this.fail(new HashError('worker-failed', `hashing thread failed: ${e.message}`));
    for (let i = 0; i < threads; i++) {
      // The calling thread goes first: it can start at once, while workers take a while to boot.
      const inline = this.options.useCallingThread === true && i === 0;
      const lane = inline
        ? new CallingThreadLane(this.setup, onMessage)
        : new WorkerLane(this.setup, onMessage, onError);
      this.lanes.push(lane);
    }
    for (const lane of this.lanes) for (let j = 0; j < JOBS_IN_FLIGHT; j++) this.dispatch(lane);
  }

  private readonly onAbort = (): void => this.fail(this.options.signal?.reason);

  /** Full-size runs at first, then smaller ones near the end, so that all threads finish together. */
  private dispatch(lane: Lane): void {
    const left = this.pieceCount - this.nextPiece;
    if (left <= 0) return;
    const fairShare = Math.ceil(left / (this.lanes.length * JOBS_IN_FLIGHT));
    const job: Job = { first: this.nextPiece, count: Math.min(this.batchPieces, fairShare) };
    this.nextPiece += job.count;
    lane.send(job);
  }

  private onMessage(lane: Lane, message: LaneMessage): void {
    if (this.failure !== undefined) return;
    if ('error' in message) return this.fail(new HashError(message.error.code, message.error.message));
    this.digests.set(message.digests, message.first * 20);
    this.readable.set(message.readable, message.first);
    this.piecesHashed += message.count;
    this.options.onProgress?.({
      bytesHashed: Math.min(this.setup.totalLength, this.piecesHashed * this.setup.pieceLength),
      totalBytes: this.setup.totalLength,
      piecesHashed: this.piecesHashed,
      pieceCount: this.pieceCount,
    });
    if (this.piecesHashed === this.pieceCount) {
      void this.stop().then(() => this.settle.resolve({ digests: this.digests, readable: this.readable }));
    } else {
      this.dispatch(lane);
    }
  }

  private fail(reason: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = reason ?? new HashError('aborted', 'hashing was cancelled');
    void this.stop().then(() => this.settle.reject(this.failure));
  }

  private async stop(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort);
    await Promise.all(this.lanes.map((lane) => lane.stop()));
  }
}
