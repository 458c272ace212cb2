import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HashError } from './errors.js';
import { workerScriptUrl } from './worker-url.js';

export interface HashWorkersOptions {
  /** Threads at most (default: 2, or 1 on a one-core machine). */
  threads?: number;
  /** A thread exits after this many milliseconds without work (default 10 s). */
  idleMs?: number;
}

interface Job {
  data: Uint8Array;
  resolve: (digest: Uint8Array) => void;
  reject: (reason: unknown) => void;
}

/** Jobs sent ahead to one thread, so that it never waits for the main thread between two. */
const IN_FLIGHT = 2;
const DEFAULT_IDLE_MS = 10_000;

/**
 * A long-lived pool for the download path: SHA-1 of pieces on worker threads, shared by every
 * torrent of a session, so that verifying never blocks the event loop and the number of hashing
 * threads stays bounded however many torrents there are. Threads start when work comes and exit
 * after `idleMs` without any, so an idle (seeding) session holds none; an idle thread never keeps
 * the process alive.
 */
export class HashWorkers {
  private readonly maxThreads: number;
  private readonly idleMs: number;
  private readonly threads = new Set<DigestThread>();
  private readonly queue: Job[] = [];
  private closing: Promise<void> | undefined;

  constructor(options: HashWorkersOptions = {}) {
    const { threads = Math.min(2, availableParallelism()), idleMs = DEFAULT_IDLE_MS } = options;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new HashError('bad-input', `hash worker threads must be a whole number of at least 1, not ${threads}`);
    }
    if (!Number.isFinite(idleMs) || idleMs < 0) {
      throw new HashError('bad-input', `hash worker idle time must be a number of milliseconds, not ${idleMs}`);
    }
    this.maxThreads = threads;
    this.idleMs = idleMs;
  }

  /** Threads running now (0 once they have been idle for `idleMs`, or after `close`). */
  get threadCount(): number {
    return this.threads.size;
  }

  /** SHA-1 of `data`, computed on a worker thread (never on the calling thread). `data` is copied. */
  sha1(data: Uint8Array): Promise<Uint8Array> {
    if (this.closing !== undefined) return Promise.reject(new HashError('closed', 'the hash workers are closed'));
    if (!(data instanceof Uint8Array)) {
      return Promise.reject(new HashError('bad-input', 'sha1() takes a Uint8Array'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ data, resolve, reject });
      this.pump();
    });
  }

  /** Stops every thread; pending digests reject with 'closed'. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.stopAll();
    return this.closing;
  }

  private async stopAll(): Promise<void> {
    const closed = new HashError('closed', 'the hash workers were closed');
    for (const job of this.queue.splice(0)) job.reject(closed);
    await Promise.all([...this.threads].map((t) => t.stop(closed)));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const thread = this.freeThread();
      if (thread === undefined) return;
      thread.send(this.queue.shift()!);
    }
  }

  /** The least busy thread that can take a job, starting one if all are full and there is room. */
  private freeThread(): DigestThread | undefined {
    let best: DigestThread | undefined;
    for (const t of this.threads) if (t.canTake() && (best === undefined || t.load < best.load)) best = t;
    if (best !== undefined && best.load === 0) return best;
    if (this.threads.size < this.maxThreads) {
      const started = new DigestThread(
        this.idleMs,
        () => this.pump(),
        (t) => this.onExit(t),
      );
      this.threads.add(started);
      return started;
    }
    return best;
  }

  private onExit(thread: DigestThread): void {
    this.threads.delete(thread);
    if (this.closing === undefined) this.pump();
  }
}

/** One worker thread and the jobs sent to it, answered in order. */
class DigestThread {
  private readonly worker: Worker;
  private readonly pending: Job[] = [];
  private readonly exited: Promise<void>;
  private idleTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly idleMs: number,
    private readonly onFree: () => void,
    onExit: (thread: DigestThread) => void,
  ) {
    this.worker = new Worker(workerScriptUrl(new URL('./sha1-worker.js', import.meta.url)));
    this.worker.on('message', (digest: Uint8Array) => this.onDigest(digest));
    this.worker.on('error', (e) =>
      this.failPending(new HashError('worker-failed', `hash thread failed: ${e.message}`)),
    );
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.stopping = true;
        clearTimeout(this.idleTimer);
        this.failPending(new HashError('worker-failed', 'hash thread exited'));
        onExit(this);
        resolve();
      }),
    );
  }

  get load(): number {
    return this.pending.length;
  }

  canTake(): boolean {
    return !this.stopping && this.pending.length < IN_FLIGHT;
  }

  send(job: Job): void {
    clearTimeout(this.idleTimer);
    this.worker.ref();
    // A private copy moves to the thread: the caller keeps its buffer, and a view into a larger
    // buffer does not drag the whole of it along.
    const copy = new Uint8Array(job.data);
    this.pending.push(job);
    this.worker.postMessage(copy, [copy.buffer]);
  }

  stop(reason: HashError): Promise<void> {
    this.failPending(reason);
    this.stopping = true;
    void this.worker.terminate();
    return this.exited;
  }

  private onDigest(digest: Uint8Array): void {
    this.pending.shift()?.resolve(digest);
    if (this.pending.length === 0) this.goIdle();
    this.onFree();
  }

  private goIdle(): void {
    if (this.stopping) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => {
      this.stopping = true;
      void this.worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private failPending(reason: HashError): void {
    for (const job of this.pending.splice(0)) job.reject(reason);
  }
}
