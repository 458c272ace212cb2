import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Bitfield } from '../../protocol/bitfield.js';
import type { InfoDict } from '../../protocol/metainfo.js';
import { PieceGeometry, type FileSpan } from '../../protocol/pieces.js';
import { ProtocolError } from '../../protocol/errors.js';
import { hashPieces, type HashProgress } from '../create/hash-pool.js';
import { StorageError } from './errors.js';
import { FileHandles } from './file-handles.js';
import { FolderGuard, torrentFilePaths } from './paths.js';

export interface StorageOptions {
  /** Most files held open at once (default 32). */
  maxOpenFiles?: number;
  /** Threads for `recheck` (default: the number of cores, at most 8). */
  threads?: number;
  /** Let the calling thread be one of them (see HashOptions); for command-line tools. */
  useCallingThread?: boolean;
}

/**
 * A torrent's data below a download folder, addressed by piece. Files are created when a block
 * for them is first written (zero-length files by `complete()`), never before, so an unfinished
 * download takes only the space it has received. Every path is resolved inside the download
 * folder, folders that are links out of it are refused, and files are opened without following
 * links (see paths.ts and file-handles.ts).
 */
export class Storage {
  readonly geometry: PieceGeometry;
  private readonly paths: string[];
  private readonly handles: FileHandles;
  private closed = false;

  private constructor(
    readonly info: InfoDict,
    private readonly guard: FolderGuard,
    private readonly options: StorageOptions,
  ) {
    this.geometry = new PieceGeometry(info);
    this.paths = torrentFilePaths(info, guard.realRoot);
    this.handles = new FileHandles(options.maxOpenFiles ?? 32);
  }

  /** `downloadDir` is the folder that holds (or will hold) the torrent's file or folder. */
  static async open(info: InfoDict, downloadDir: string, options: StorageOptions = {}): Promise<Storage> {
    return new Storage(info, await FolderGuard.create(downloadDir), options);
  }

  /** Where file `index` of the torrent lives. */
  filePath(index: number): string {
    const file = this.paths[index];
    if (file === undefined) throw new StorageError('bad-range', `file ${index} is not in the torrent`);
    return file;
  }

  async readBlock(piece: number, begin: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let at = 0;
    for (const span of this.spans(piece, begin, length)) {
      await this.io(span, false, async (handle) => {
        const { bytesRead } = await handle.read(out, at, span.length, span.fileOffset);
        if (bytesRead < span.length) {
          throw new StorageError('missing-data', `file "${this.filePath(span.fileIndex)}" is shorter than expected`);
        }
      });
      at += span.length;
    }
    return out;
  }

  async writeBlock(piece: number, begin: number, data: Uint8Array): Promise<void> {
    let at = 0;
    for (const span of this.spans(piece, begin, data.length)) {
      await this.io(span, true, async (handle) => {
        await handle.write(data, at, span.length, span.fileOffset);
      });
      at += span.length;
    }
  }

  /** Whether the piece on disk matches its SHA-1 in the metainfo; missing data is simply "no". */
  async verifyPiece(piece: number): Promise<boolean> {
    let data: Uint8Array;
    try {
      data = await this.readBlock(piece, 0, this.geometry.pieceSize(piece));
    } catch (e) {
      if (e instanceof StorageError && e.code === 'missing-data') return false;
      throw e;
    }
    const digest = createHash('sha1').update(data).digest();
    return digest.equals(this.info.pieces.subarray(piece * 20, piece * 20 + 20));
  }

  /**
   * Hashes whatever data is on disk (on worker threads) into the pieces it has. Missing or short
   * files make their pieces missing, not an error. Rejects with `signal.reason` when aborted.
   */
  async recheck(onProgress?: (progress: HashProgress) => void, signal?: AbortSignal): Promise<Bitfield> {
    this.checkOpen();
    for (const file of this.paths) await this.guard.check(path.dirname(file), false);
    const files = this.info.files.map((f, i) => ({ path: this.filePath(i), length: f.length }));
    const { digests, readable } = await hashPieces(files, this.info.pieceLength, {
      threads: this.options.threads,
      useCallingThread: this.options.useCallingThread,
      missingOk: true,
      noFollow: true,
      onProgress,
      signal,
    });
    const have = new Bitfield(this.geometry.pieceCount);
    for (let i = 0; i < have.length; i++) {
      const expected = this.info.pieces.subarray(i * 20, i * 20 + 20);
      if (readable[i] === 1 && Buffer.from(digests.buffer, i * 20, 20).equals(expected)) have.set(i);
    }
    return have;
  }

  /** Creates the torrent's zero-length files; called once every piece is in. */
  async complete(): Promise<void> {
    for (const [i, file] of this.info.files.entries()) {
      if (file.length > 0) continue;
      await this.guard.check(path.dirname(this.filePath(i)), true);
      await this.handles.with(this.filePath(i), true, async () => undefined);
    }
  }

  /** Closes every open file. Safe to call twice; later reads and writes fail with 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    await this.handles.closeAll();
  }

  private spans(piece: number, begin: number, length: number): FileSpan[] {
    this.checkOpen();
    try {
      return this.geometry.spans(piece, begin, length);
    } catch (e) {
      if (e instanceof ProtocolError) throw new StorageError('bad-range', e.message);
      throw e;
    }
  }

  private async io(span: FileSpan, writable: boolean, use: (handle: FileHandle) => Promise<void>): Promise<void> {
    const file = this.filePath(span.fileIndex);
    const folderExists = await this.guard.check(path.dirname(file), writable);
    if (!folderExists) throw new StorageError('missing-data', `file "${file}" does not exist yet`);
    try {
      await this.handles.with(file, writable, use);
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw new StorageError('io', `cannot ${writable ? 'write' : 'read'} "${file}": ${(e as Error).message}`);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StorageError('closed', 'storage is closed');
  }
}
