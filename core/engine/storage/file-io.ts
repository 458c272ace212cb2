import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ioError, StorageError } from './errors.js';
import { FileHandles, type OpenMode } from './file-handles.js';
import type { FolderGuard } from './paths.js';
import type { Place } from './placement.js';

/**
 * Reads and writes at places (see placement.ts) through the folder guard and the open-file set,
 * and remembers what was written since the last flush so that `flush` can make exactly that
 * durable: the files' data, and the folders in which files first appeared.
 */
export class FileIo {
  private readonly handles: FileHandles;
  private readonly unsyncedFiles = new Set<string>();
  private readonly unsyncedFolders = new Set<string>();
  /** Files written at least once: a file's folders need syncing only after its first write. */
  private readonly written = new Set<string>();
  private partFolderMade = false;

  constructor(
    private readonly guard: FolderGuard,
    maxOpenFiles: number,
  ) {
    this.handles = new FileHandles(maxOpenFiles);
  }

  async read(place: Place, out: Uint8Array, at: number, length: number): Promise<void> {
    await this.withFile(place, 'read', async (handle) => {
      const { bytesRead } = await handle.read(out, at, length, place.position);
      if (bytesRead < length) throw new StorageError('missing-data', `file "${place.file}" is shorter than expected`);
    });
  }

  /** Reads what there is, up to `length` bytes (or `out.length`); a missing file has nothing. */
  async readUpTo(place: Place, out: Uint8Array, length: number): Promise<number> {
    let got = 0;
    try {
      await this.withFile(place, 'read', async (handle) => {
        got = (await handle.read(out, 0, Math.min(length, out.length), place.position)).bytesRead;
      });
    } catch (e) {
      if (!(e instanceof StorageError && e.code === 'missing-data')) throw e;
    }
    return got;
  }

  async write(place: Place, data: Uint8Array, at: number, length: number): Promise<void> {
    await this.withFile(place, 'create', async (handle) => {
      for (let done = 0; done < length;) {
        const { bytesWritten } = await handle.write(data, at + done, length - done, place.position + done);
        done += bytesWritten;
      }
    });
    this.noteWritten(place.file);
  }

  /** fdatasync of every file written since the last flush, then of the folders new files appeared in. */
  async flush(): Promise<void> {
    const files = [...this.unsyncedFiles];
    const folders = [...this.unsyncedFolders];
    this.unsyncedFiles.clear();
    this.unsyncedFolders.clear();
    try {
      for (const file of files) {
        await this.handles
          .with(file, 'write', (handle) => handle.datasync())
          .catch((e: unknown) => {
            throw ioError(e, 'sync', file);
          });
      }
      for (const folder of folders) await syncFolder(folder);
    } catch (e) {
      for (const file of files) this.unsyncedFiles.add(file);
      for (const folder of folders) this.unsyncedFolders.add(folder);
      throw e;
    }
  }

  async closeAll(): Promise<void> {
    await this.handles.closeAll();
  }

  /** After the data was deleted: nothing is left to sync. */
  forgetWrites(): void {
    this.unsyncedFiles.clear();
    this.unsyncedFolders.clear();
    this.written.clear();
  }

  private async withFile(place: Place, mode: OpenMode, use: (handle: FileHandle) => Promise<void>): Promise<void> {
    const folder = path.dirname(place.file);
    if (place.inPartFile) {
      // The part file is the engine's own file at a path the caller chose: its folder is not
      // torrent data, so it is made if missing rather than checked against the download folder.
      if (mode !== 'read' && !this.partFolderMade) {
        await mkdir(folder, { recursive: true }).catch((e: unknown) => {
          throw ioError(e, 'create folder', folder);
        });
        this.partFolderMade = true;
      }
    } else if (!(await this.guard.check(folder, mode !== 'read'))) {
      throw new StorageError('missing-data', `file "${place.file}" does not exist yet`);
    }
    try {
      await this.handles.with(place.file, mode, use);
    } catch (e) {
      throw ioError(e, mode === 'read' ? 'read' : 'write', place.file);
    }
  }

  private noteWritten(file: string): void {
    this.unsyncedFiles.add(file);
    if (this.written.has(file)) return;
    this.written.add(file);
    const root = this.guard.realRoot;
    let folder = path.dirname(file);
    this.unsyncedFolders.add(folder);
    while (folder.startsWith(`${root}${path.sep}`)) {
      folder = path.dirname(folder);
      this.unsyncedFolders.add(folder);
    }
  }
}

/** Makes a folder's entries durable. Windows cannot open a folder for syncing, and needs not. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.datasync();
  } catch (e) {
    throw ioError(e, 'sync', folder);
  } finally {
    await handle?.close();
  }
}
