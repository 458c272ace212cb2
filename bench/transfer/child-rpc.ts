import { fork, type ChildProcess } from 'node:child_process';

/**
 * Request and reply over a forked child's IPC channel, both sides bounded in time. The peer
 * benchmarks run every side of a transfer in its own process (two sides sharing one event loop
 * on a 2-core machine would measure the loop, not the transfer); the parent steers them with this.
 */

interface Request {
  id: number;
  method: string;
  params: unknown;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export type Handlers = Record<string, (params: never) => unknown>;

const isReply = (m: unknown): m is Reply => typeof m === 'object' && m !== null && 'id' in m && 'ok' in m;

/** The parent's handle on one child: calls with a deadline, and a stop that always ends the process. */
export class ChildPeer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exited: Promise<void>;
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (m: unknown) => this.onReply(m));
    // Spawn and kill failures; without a listener they would end this process before it cleans up.
    child.on('error', (e) => console.error(`${name}: ${e.message}`));
    child.once('exit', (code, signal) => {
      const why = new Error(`${name}: process exited (${signal ?? code}) with a call pending`);
      for (const p of this.pending.values()) p.reject(why);
      this.pending.clear();
    });
  }

  /** Forks `script` and resolves once it says it is ready (when it calls `serveParent`). */
  static async start(script: string, args: string[], name: string, timeoutMs = 30_000): Promise<ChildPeer> {
    const child = fork(script, args, { stdio: 'inherit' });
    const peer = new ChildPeer(name, child);
    try {
      await peer.ready(timeoutMs);
    } catch (e) {
      await peer.stop();
      throw e;
    }
    return peer;
  }

  private ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${this.name}: not ready within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: unknown) => {
        if (typeof m === 'object' && m !== null && 'ready' in m) done();
      };
      const onExit = (code: number | null) => done(new Error(`${this.name}: exited (${code}) before it was ready`));
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  call<T>(method: string, params?: unknown, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected) {
        reject(new Error(`${this.name}: process is not running (calling ${method})`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no reply to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, method, params } satisfies Request, (error) => {
        if (!error) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${this.name}: could not send ${method}: ${error.message}`));
      });
    });
  }

  /** Asks the child to close cleanly; kills it when it does not within `graceMs`. Safe to call twice. */
  stop(graceMs = 15_000): Promise<void> {
    this.stopping ??= this.shutDown(graceMs);
    return this.stopping;
  }

  private async shutDown(graceMs: number): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const killed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    // A failed send needs no handling: the child is going anyway, and the timer kills it if not.
    if (this.child.connected)
      this.child.send({ id: 0, method: 'stop', params: undefined } satisfies Request, () => undefined);
    await killed;
    await this.exited;
  }

  private onReply(m: unknown): void {
    if (!isReply(m)) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${this.name}: ${m.error}`));
  }
}

/**
 * The child's side: answers each request with its handler's result; `stop` runs `close` (bounded)
 * and exits. The process also ends when the parent goes away, so nothing outlives a crashed run.
 */
export function serveParent(handlers: Handlers, close: () => Promise<void>, closeTimeoutMs = 10_000): void {
  // Sends fail only when the parent has gone, and then 'disconnect' ends this process.
  const send = (message: Reply | { ready: true }) => {
    if (process.connected) process.send!(message, undefined, undefined, () => undefined);
  };
  let closing = false;
  const exit = async (code: number) => {
    if (closing) return;
    closing = true;
    const timer = setTimeout(() => process.exit(code || 1), closeTimeoutMs);
    try {
      await close();
    } finally {
      clearTimeout(timer);
      process.exit(code);
    }
  };
  process.on('disconnect', () => void exit(1));
  process.on('message', async (m: Request) => {
    if (m.method === 'stop') return void exit(0);
    const handler = handlers[m.method];
    if (!handler) return send({ id: m.id, ok: false, error: `no method ${m.method}` });
    try {
      send({ id: m.id, ok: true, result: (await handler(m.params as never)) ?? null });
    } catch (e) {
      send({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
  send({ ready: true });
}
