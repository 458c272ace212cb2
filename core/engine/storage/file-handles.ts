import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ioError, StorageError } from './errors.js';

/** How a file is opened: read only, read-write, or read-write and created if missing. */
export type OpenMode = 'read' | 'write' | 'create';

interface Entry {
  handle: Promise<FileHandle>;
  writable: boolean;
  users: number;
  evicted: boolean;
}

const FLAGS: Record<OpenMode, number> = {
  read: constants.O_RDONLY | constants.O_NOFOLLOW,
  write: constants.O_RDWR | constants.O_NOFOLLOW,
  create: constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW,
};

/**
 * A small least-recently-used set of open files, so that a swarm touching thousands of files
 * does not run out of descriptors. A handle in use is never closed under its user: eviction only
 * marks it, and the last user closes it. Files are opened with O_NOFOLLOW: a file that is a
 * symbolic link is refused.
 */
export class FileHandles {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxOpen: number) {}

  /** Runs `use` with an open handle; a handle open for writing serves every mode. */
  async with<T>(file: string, mode: OpenMode, use: (handle: FileHandle) => Promise<T>): Promise<T> {
    const entry = this.acquire(file, mode);
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

  private acquire(file: string, mode: OpenMode): Entry {
    const writable = mode !== 'read';
    let entry = this.entries.get(file);
    if (entry && writable && !entry.writable) {
      this.evict(file, entry);
      entry = undefined;
    }
    if (entry) {
      this.entries.delete(file);
    } else {
      entry = { handle: openFile(file, mode), writable, users: 0, evicted: false };
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

async function openFile(file: string, mode: OpenMode): Promise<FileHandle> {
  try {
    return await open(file, FLAGS[mode], 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StorageError('missing-data', `file "${file}" does not exist yet`);
    if (code === 'ELOOP') throw new StorageError('outside-root', `file "${file}" is a symbolic link; refused`);
    throw ioError(e, mode === 'read' ? 'read' : 'write', file);
  }
}

async function closeQuietly(entry: Entry): Promise<void> {
  const handle = await entry.handle.catch(() => undefined);
  await handle?.close().catch(() => undefined);
}
