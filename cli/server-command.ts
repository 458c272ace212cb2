import type { LevelWithSilent } from 'pino';
import type { z } from 'zod';
import { loadConfig, type ConfigSpec } from '../core/server/config.js';
import { createLogger, type Logger } from '../core/server/logger.js';
import { closeOnSignals } from '../core/server/shutdown.js';

export interface Closable {
  close(): Promise<void>;
}

type LoggingSchema = z.ZodObject<{ logLevel: z.ZodType<LevelWithSilent> }>;

/**
 * What every server command does: settings from flags, environment and file (a bad setting is a
 * usage error, exit 2), `--print-config`, a logger at the configured level, then the server,
 * stopped gracefully on SIGTERM/SIGINT.
 */
export async function runServer<S extends LoggingSchema>(
  spec: ConfigSpec<S>,
  argv: readonly string[],
  name: string,
  start: (config: z.infer<S>, logger: Logger) => Promise<Closable>,
): Promise<number> {
  const { config, printConfig } = loadConfig(spec, argv, process.env);
  if (printConfig) {
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  }
  const logger = createLogger(name, config.logLevel);
  const server = await start(config, logger);
  closeOnSignals(() => server.close(), { logger });
  return 0;
}
