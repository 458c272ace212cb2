import { UsageError } from './command.js';
import type { ProgressBar } from './progress.js';

/** Exit status after Ctrl-C, as shells report it: 128 + SIGINT. */
export const CANCELLED = 130;

/**
 * Runs a long task with an AbortSignal that Ctrl-C triggers. The bar is cleared however the task
 * ends (a task clears it itself before printing results). On cancellation `cancelledMessage` is
 * printed and the exit status is 130; other errors propagate.
 */
export async function runCancellable(
  bar: ProgressBar,
  cancelledMessage: string,
  task: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const status = await task(controller.signal);
    bar.finish();
    return status;
  } catch (e) {
    bar.finish();
    if (!controller.signal.aborted) throw e;
    process.stderr.write(`${cancelledMessage}\n`);
    return CANCELLED;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** `--threads N`: hashing threads, the main one included. */
export function parseThreads(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--threads "${text}" is not a number from 1 to 64`);
  return n;
}
