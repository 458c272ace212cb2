import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** After Ctrl-C, how long the run may take to unwind before it is ended regardless. */
const HARD_EXIT_MS = 30_000;

/**
 * Undo steps run last-in first-out, each bounded and each tried even when another fails, on the
 * normal path, on failure and on Ctrl-C: no child process or temp folder outlives a run.
 */
export class Cleanup {
  private readonly steps: { what: string; run: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;

  /** `parent`: the set whose interruption this one shares (see scope). */
  constructor(private readonly parent?: Cleanup) {}

  /** True once Ctrl-C or SIGTERM came: the run should start nothing new and unwind. */
  get interrupted(): boolean {
    return this.stopped || (this.parent?.interrupted ?? false);
  }

  /** After an interruption a step runs at once: whatever is made while the run unwinds is undone too. */
  add(what: string, run: () => Promise<void>): void {
    this.steps.push({ what, run });
    if (this.interrupted) void this.run();
  }

  /** Runs the steps added so far (safe to call again: later calls run the steps added since). */
  async run(timeoutMs = 20_000): Promise<void> {
    await this.running;
    this.running = this.drain(timeoutMs);
    await this.running;
  }

  /** A nested set of steps, for one part of a run: run it when that part ends; this one runs it too, on failure. */
  scope(what: string): Cleanup {
    const nested = new Cleanup(this);
    this.add(what, () => nested.run());
    return nested;
  }

  /**
   * Ctrl-C or SIGTERM: clean up at once (the children go, so every call waiting on them fails),
   * mark the run interrupted so that its loops stop, and let it unwind to exit code 130.
   */
  onSignals(): void {
    const stop = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: stopping and cleaning up`);
      this.stopped = true;
      process.exitCode = 130;
      setTimeout(() => process.exit(130), HARD_EXIT_MS).unref();
      void this.run();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }

  private async drain(timeoutMs: number): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          console.error(`clean-up: ${step!.what} took over ${timeoutMs} ms, moving on`);
          resolve();
        }, timeoutMs);
      });
      try {
        await Promise.race([step.run(), deadline]);
      } catch (e) {
        console.error(`clean-up: ${step.what} failed: ${(e as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

/** A fresh folder under the OS temp folder, removed by `cleanup`. */
export async function tempFolder(cleanup: Cleanup, name: string): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), `shoal-bench-${name}-`));
  cleanup.add(`removing ${folder}`, () => rm(folder, { recursive: true, force: true }));
  return folder;
}
