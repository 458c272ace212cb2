import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `shoal` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  /** Full help text printed by `shoal <name> --help`: usage line, description, options. */
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Wrong flags or arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's arguments with Node's own parser, turning its errors into UsageError.
 * `--help`/`-h` is added to every command; the caller checks `values.help`.
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
