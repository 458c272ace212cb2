import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built `shoal` command; `npm test` builds before running vitest. */
export const SHOAL_BIN = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/main.js ...args` as a real child process and collects its output. */
export function shoal(args: readonly string[], options: { cwd?: string } = {}): RunResult {
  if (!existsSync(SHOAL_BIN)) throw new Error(`${SHOAL_BIN} is missing: run "npm run build" first`);
  const run = spawnSync(process.execPath, [SHOAL_BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, SHOAL_DEBUG: '' },
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `node dist/cli/main.js ...args` without waiting; `done` settles when it exits. */
export function startShoal(args: readonly string[], options: { cwd?: string } = {}) {
  if (!existsSync(SHOAL_BIN)) throw new Error(`${SHOAL_BIN} is missing: run "npm run build" first`);
  const child: ChildProcess = spawn(process.execPath, [SHOAL_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, SHOAL_DEBUG: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<RunResult & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Runs a third-party program and fails loudly (with its output) if it does not exit 0. */
export function tool(program: string, args: readonly string[], cwd?: string): string {
  const run = spawnSync(program, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) {
    throw new Error(`${program} ${args.join(' ')} exited ${run.status}: ${run.stderr}${run.stdout}`);
  }
  return run.stdout;
}
