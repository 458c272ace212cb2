import type { Logger } from './logger.js';

export interface ShutdownOptions {
  logger: Logger;
  /** How long `close` may take before the process exits anyway. */
  graceMs?: number;
}

/**
 * Graceful stop on SIGTERM/SIGINT: run `close` once (stop accepting, close sockets), then exit 0.
 * A second signal, or `close` outliving the grace period, exits at once with status 1.
 * Returns a function that removes the handlers (for servers embedded in tests).
 */
export function closeOnSignals(close: () => Promise<void>, { logger, graceMs = 5000 }: ShutdownOptions): () => void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (e: unknown) => {
        logger.error({ err: e }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
