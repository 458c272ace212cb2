import { Worker } from 'node:worker_threads';
import { PieceHasher, runJob, type HasherSetup, type Job, type JobResult } from './piece-hasher.js';
import { workerScriptUrl } from './worker-url.js';

export type LaneMessage = JobResult | { error: { code: string; message: string } };

/** Somewhere jobs are hashed: a worker thread, or the calling thread between event-loop turns. */
export interface Lane {
  send(job: Job): void;
  /** Drops queued jobs, closes files, and resolves once the lane has stopped. Safe to call twice. */
  stop(): Promise<void>;
}

type OnMessage = (lane: Lane, message: LaneMessage) => void;

export class WorkerLane implements Lane {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopping = false;

  constructor(setup: HasherSetup, onMessage: OnMessage, onError: (e: Error) => void) {
    this.worker = new Worker(workerScriptUrl(new URL('./hash-worker.js', import.meta.url)), { workerData: setup });
    this.worker.on('message', (m: LaneMessage) => onMessage(this, m));
    this.worker.on('error', onError);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  send(job: Job): void {
    this.worker.postMessage(job);
  }

  /** Asks the worker to close its file and exit after the job in hand (queued jobs still run, ~10 ms each). */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.worker.postMessage(null);
    }
    return this.exited;
  }
}

export class CallingThreadLane implements Lane {
  private readonly hasher: PieceHasher;
  private readonly queue: Job[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private stopped = false;

  constructor(
    setup: HasherSetup,
    private readonly onMessage: OnMessage,
  ) {
    this.hasher = new PieceHasher(setup);
  }

  send(job: Job): void {
    this.queue.push(job);
    this.scheduled ??= setImmediate(this.next);
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.hasher.close();
    return Promise.resolve();
  }

  /** One job per turn, so that signals, timers and worker messages are served in between. */
  private readonly next = (): void => {
    this.scheduled = undefined;
    const job = this.queue.shift();
    if (job === undefined || this.stopped) return;
    const result = runJob(this.hasher, job);
    if (this.queue.length > 0) this.scheduled = setImmediate(this.next);
    this.onMessage(this, result);
  };
}
