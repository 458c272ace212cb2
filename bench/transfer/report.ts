import { cpus, loadavg } from 'node:os';

/** What the peer benchmarks share in their output: settings from the environment, tables, load. */

/** A positive number from the environment, or `fallback`; anything else stops the run with its name. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** A comma-separated list from the environment, each item one of `allowed`. */
export function envList<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return [...fallback];
  const items = raw.split(',').map((s) => s.trim());
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length > 0) throw new Error(`${name}: unknown ${bad.join(', ')} (choose from ${allowed.join(', ')})`);
  return items as T[];
}

/** The one-minute load average, the thing to read before trusting a figure on a shared machine. */
export const load = () => loadavg()[0]!.toFixed(2);

export function machineLine(): string {
  return `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
}

/** A plain text table, columns padded to their widest cell: the first (names) left, the figures right. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
export const fixed = (n: number | undefined, digits = 1) => (n === undefined ? 'n/a' : n.toFixed(digits));
export const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
export const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/**
 * Runs one measurement; a failure is printed and leaves the exit code at 1 but does not end the
 * run, so one failed connection does not waste the rounds around it.
 */
export async function attempt<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    console.error(`FAILED ${what}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    return undefined;
  }
}

/** CPU seconds (user + system) between two `process.cpuUsage()` readings, as a child reports them. */
export const cpuSeconds = (before: NodeJS.CpuUsage, after: NodeJS.CpuUsage) =>
  (after.user - before.user + after.system - before.system) / 1e6;
