import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { StorageError } from './errors.js';

interface Entry {
  handle: Promise<FileHandle>;
  writable: boolean;
  users: number;
  evicted: boolean;
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;
const WRITE_FLAGS = constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW;

/**
 * A small least-recently-used set of open files, so that a swarm touching thousands of files
 * does not run out of descriptors. A handle in use is never closed under its user: eviction only
 * marks it, and the last user closes it. Files are opened with O_NOFOLLOW: a file that is a
 * symbolic link is refused.
 */
export class FileHandles {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxOpen: number) {}

  /** Runs `use` with an open handle; `writable` opens read-write and creates the file if missing. */
  async with<T>(file: string, writable: boolean, use: (handle: FileHandle) => Promise<T>): Promise<T> {
    const entry = this.acquire(file, writable);
    try {
      return await use(await entry.handle);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) await closeQuietly(entry);
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const entry of all) entry.evicted = true;
    await Promise.all(all.filter((e) => e.users === 0).map(closeQuietly));
  }

  private acquire(file: string, writable: boolean): Entry {
    let entry = this.entries.get(file);
    if (entry && writable && !entry.writable) {
      this.evict(file, entry);
      entry = undefined;
    }
    if (entry) {
      this.entries.delete(file);
    } else {
      entry = { handle: openFile(file, writable), writable, users: 0, evicted: false };
      entry.handle.catch(() => this.entries.get(file) === entry && this.entries.delete(file));
    }
    this.entries.set(file, entry);
    entry.users++;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxOpen) break;
      this.evict(oldest, old);
    }
    return entry;
  }

  private evict(file: string, entry: Entry): void {
    this.entries.delete(file);
    entry.evicted = true;
    if (entry.users === 0) void closeQuietly(entry);
  }
}

async function openFile(file: string, writable: boolean): Promise<FileHandle> {
  try {
    return await open(file, writable ? WRITE_FLAGS : READ_FLAGS, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StorageError('missing-data', `file "${file}" does not exist yet`);
    if (code === 'ELOOP') throw new StorageError('outside-root', `file "${file}" is a symbolic link; refused`);
    throw new StorageError('io', `cannot open "${file}": ${code}`);
  }
}

async function closeQuietly(entry: Entry): Promise<void> {
  const handle = await entry.handle.catch(() => undefined);
  await handle?.close().catch(() => undefined);
}
