import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

/**
 * The OS page cache state of the bench's database file, set and reported so a figure says
 * whether it was taken on a warm or a cold index: the same searches cost 2–3× more when their
 * pages come from disk, and what is cached after a run depends on the machine's memory and what
 * else ran.
 */

export type CacheMode = 'warm' | 'cold' | 'as-is';

export const CACHE_MODES: readonly CacheMode[] = ['warm', 'cold', 'as-is'];

const CHUNK = 8 * 2 ** 20;

/** Warm: reads the whole file once. Cold: asks the kernel to drop its clean pages (GNU dd). */
export function setCache(file: string, mode: CacheMode): void {
  if (mode === 'warm') readAll(file);
  if (mode === 'cold') execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
}

/** "2.91 of 3.13 GiB in the page cache", or why it is not known. */
export function describeCache(file: string): string {
  const size = statSync(file).size;
  try {
    const out = execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' });
    const resident = Number(out.trim());
    return `${gib(resident)} of ${gib(size)} GiB in the page cache (${((100 * resident) / size).toFixed(0)}%)`;
  } catch {
    return `${gib(size)} GiB, page cache residency unknown (fincore from util-linux not available)`;
  }
}

function readAll(file: string): void {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    while (readSync(fd, buffer, 0, CHUNK, null) > 0);
  } finally {
    closeSync(fd);
  }
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(2);
}
