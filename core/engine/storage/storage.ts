import path from 'node:path';
import { Bitfield } from '../../protocol/bitfield.js';
import type { InfoDict } from '../../protocol/metainfo.js';
import { PieceGeometry, type FileSpan } from '../../protocol/pieces.js';
import { ProtocolError } from '../../protocol/errors.js';
import { HashError, hashPieces, HashWorkers, type HashProgress } from '../hashing/index.js';
import { deleteTorrentFiles, removeFile } from './delete-data.js';
import { StorageError } from './errors.js';
import { FileIo } from './file-io.js';
import { Gate } from './gate.js';
import { FolderGuard, resolveInside, torrentFilePaths } from './paths.js';
import { Placement, type Place } from './placement.js';
import { ReadCache } from './read-cache.js';

export interface StorageOptions {
  /** Most files held open at once (default 32). */
  maxOpenFiles?: number;
  /** Threads for `recheck` (default: the number of cores, at most 8). */
  threads?: number;
  /** Let the calling thread be one of them (see HashOptions); for command-line tools. */
  useCallingThread?: boolean;
  /** Per file: false = not wanted. Files not wanted are never created. Default: all wanted. */
  selection?: readonly boolean[];
  /**
   * Where bytes of unwanted files are kept when a piece they share with a wanted file is written
   * (default: `<downloadDir>/.<name>.parts`). Created only when needed.
   */
  partFilePath?: string;
  /** Bytes of recently read pieces or blocks kept for uploading (default 8 MiB; 0: none). */
  readCacheBytes?: number;
  /** Hash threads for `verifyPiece` and `recheckPieces`, usually the session's; default: our own. */
  hashWorkers?: HashWorkers;
}

/** Size and modification time (ms) of a file on disk, or null when it is missing. */
export type FileStat = { size: number; mtimeMs: number } | null;

const DEFAULT_READ_CACHE = 8 * 1024 * 1024;
/** Pieces read and hashed at once by `recheckPieces`: enough to keep two hash threads busy. */
const RECHECK_WINDOW = 4;
/** Bytes moved at a time from the part file into a newly wanted file. */
const MOVE_CHUNK = 1024 * 1024;

/**
 * A torrent's data below a download folder, addressed by piece. Files are created when a piece
 * for them is first written (zero-length files by `complete()`), never before, and never for
 * files that are not wanted: their bytes in shared pieces go to the part file (placement.ts).
 * Every path is resolved inside the download folder, folders that are links out of it are
 * refused, and files are opened without following links (see paths.ts and file-handles.ts).
 */
export class Storage {
  readonly geometry: PieceGeometry;
  private readonly io: FileIo;
  private readonly cache: ReadCache;
  private readonly gate = new Gate();
  private readonly hashWorkers: HashWorkers;
  private readonly ownsHashWorkers: boolean;
  /** Reads are cached only when no write overlapped them (see `readCached`). */
  private writesInFlight = 0;
  private writeCount = 0;
  private closed = false;

  private constructor(
    readonly info: InfoDict,
    private readonly guard: FolderGuard,
    private readonly paths: readonly string[],
    private readonly placement: Placement,
    private readonly options: StorageOptions,
  ) {
    this.geometry = new PieceGeometry(info);
    this.io = new FileIo(guard, options.maxOpenFiles ?? 32);
    this.cache = new ReadCache(options.readCacheBytes ?? DEFAULT_READ_CACHE);
    this.ownsHashWorkers = options.hashWorkers === undefined;
    this.hashWorkers = options.hashWorkers ?? new HashWorkers();
  }

  /** `downloadDir` is the folder that holds (or will hold) the torrent's file or folder. */
  static async open(info: InfoDict, downloadDir: string, options: StorageOptions = {}): Promise<Storage> {
    const guard = await FolderGuard.create(downloadDir);
    const paths = torrentFilePaths(info, guard.realRoot);
    const partFile = options.partFilePath ?? resolveInside(guard.realRoot, [`.${info.name}.parts`]);
    const placement = await Placement.create(info, paths, partFile, guard, options.selection);
    return new Storage(info, guard, paths, placement, options);
  }

  /** Where file `index` of the torrent lives. */
  filePath(index: number): string {
    const file = this.paths[index];
    if (file === undefined) throw new StorageError('bad-range', `file ${index} is not in the torrent`);
    return file;
  }

  /** Bytes of a piece, from the files or the part file; recently read pieces come from memory. */
  readBlock(piece: number, begin: number, length: number): Promise<Uint8Array> {
    return this.gate.shared(() => this.readCached(piece, begin, length));
  }

  /**
   * A whole, already verified piece: bytes of wanted files go to their files, bytes of unwanted
   * files to the part file (at their offset in the torrent).
   */
  writePiece(piece: number, data: Uint8Array): Promise<void> {
    return this.gate.shared(async () => {
      this.checkOpen();
      const size = this.pieceSize(piece);
      if (!(data instanceof Uint8Array) || data.length !== size) {
        throw new StorageError('bad-range', `piece ${piece} is ${size} bytes, not ${data?.length}`);
      }
      const spans = this.spans(piece, 0, size);
      this.writesInFlight++;
      this.writeCount++;
      this.cache.drop(piece);
      try {
        let at = 0;
        for (const span of spans) {
          await this.io.write(this.placement.place(span), data, at, span.length);
          at += span.length;
        }
      } finally {
        this.writesInFlight--;
      }
    });
  }

  /** Whether the piece on disk matches its SHA-1 (hashed on a worker thread); missing data is "no". */
  verifyPiece(piece: number): Promise<boolean> {
    return this.gate.shared(() => this.verify(piece));
  }

  /**
   * Hashes only these pieces (e.g. those of files whose size or mtime changed since the resume
   * data) on the hash workers, returning those that are good; missing data is "not good".
   * Rejects with `signal.reason` when aborted.
   */
  recheckPieces(
    pieces: readonly number[],
    onProgress?: (progress: HashProgress) => void,
    signal?: AbortSignal,
  ): Promise<Set<number>> {
    return this.gate.shared(async () => {
      const todo = [...new Set(pieces)];
      const totalBytes = todo.reduce((sum, p) => sum + this.pieceSize(p), 0);
      const progress = { bytesHashed: 0, totalBytes, piecesHashed: 0, pieceCount: todo.length };
      const good = new Set<number>();
      const next = todo.values();
      let failure: { reason: unknown } | undefined;
      // Lanes stop at the first failure, and all have stopped before this section ends.
      const lane = async (): Promise<void> => {
        try {
          for (let item = next.next(); !item.done && failure === undefined; item = next.next()) {
            signal?.throwIfAborted();
            if (await this.verify(item.value)) good.add(item.value);
            progress.piecesHashed++;
            progress.bytesHashed += this.pieceSize(item.value);
            onProgress?.({ ...progress });
          }
        } catch (e) {
          failure ??= { reason: e };
        }
      };
      signal?.throwIfAborted();
      await Promise.all(Array.from({ length: Math.min(RECHECK_WINDOW, todo.length) }, lane));
      if (failure !== undefined) throw failure.reason;
      return good;
    });
  }

  /**
   * Hashes whatever data is on disk, part file included (on worker threads, reading the files
   * there), into the pieces it has. Missing or short files make their pieces missing, not an
   * error. Rejects with `signal.reason` when aborted.
   */
  recheck(onProgress?: (progress: HashProgress) => void, signal?: AbortSignal): Promise<Bitfield> {
    return this.gate.shared(async () => {
      this.checkOpen();
      for (const [i, file] of this.paths.entries()) {
        if (!this.placement.isInPartFile(i)) await this.guard.check(path.dirname(file), false);
      }
      const { digests, readable } = await hashPieces(this.placement.hashFiles(), this.info.pieceLength, {
        threads: this.options.threads,
        useCallingThread: this.options.useCallingThread,
        missingOk: true,
        noFollow: true,
        onProgress,
        signal,
      }).catch((e: unknown) => {
        throw e instanceof HashError ? new StorageError('io', e.message, { cause: e }) : e;
      });
      const have = new Bitfield(this.geometry.pieceCount);
      for (let i = 0; i < have.length; i++) {
        const expected = this.info.pieces.subarray(i * 20, i * 20 + 20);
        if (readable[i] === 1 && Buffer.from(digests.buffer, i * 20, 20).equals(expected)) have.set(i);
      }
      return have;
    });
  }

  /** Changes the selection; bytes of a newly wanted file that sit in the part file are moved into it. */
  setSelection(selection: readonly boolean[]): Promise<void> {
    return this.gate.exclusive(async () => {
      this.checkOpen();
      await this.placement.select(selection, (i) => this.moveIn(i));
    });
  }

  /**
   * fdatasync of every file (and the part file) written since the last flush. Write resume data
   * only after it resolves, so that resume data never claims what is not on disk.
   */
  flush(): Promise<void> {
    return this.gate.shared(async () => {
      this.checkOpen();
      await this.io.flush();
    });
  }

  /** Size and mtime of each file on disk (null when missing), to save with resume data. */
  fileStats(): Promise<FileStat[]> {
    return this.gate.shared(async () => {
      this.checkOpen();
      const stats = await Promise.all(this.paths.map((file) => this.guard.lstat(file)));
      return stats.map((s) => (s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null));
    });
  }

  /** Creates the torrent's wanted zero-length files; called once every wanted piece is in. */
  complete(): Promise<void> {
    return this.gate.shared(async () => {
      this.checkOpen();
      for (const [i, file] of this.info.files.entries()) {
        if (file.length > 0 || !this.placement.isWanted(i)) continue;
        await this.io.write({ file: this.filePath(i), position: 0, inPartFile: false }, new Uint8Array(0), 0, 0);
      }
    });
  }

  /** Deletes the torrent's files, the part file, and the torrent's folders that are left empty. */
  deleteData(): Promise<void> {
    return this.gate.exclusive(async () => {
      this.checkOpen();
      await this.io.closeAll();
      this.io.forgetWrites();
      this.cache.clear();
      try {
        await deleteTorrentFiles(this.guard.realRoot, this.paths);
        await removeFile(this.placement.partFile);
      } finally {
        this.guard.forget();
        this.placement.forgetFiles();
      }
    });
  }

  /** Closes every open file (and our own hash threads). Safe to call twice; later calls fail with 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    await this.io.closeAll();
    if (this.ownsHashWorkers) await this.hashWorkers.close();
  }

  /**
   * Pieces small enough are read whole and kept, since peers ask for them block by block. A read
   * that a write of any piece overlapped is not kept: it may hold bytes from before the write.
   */
  private async readCached(piece: number, begin: number, length: number): Promise<Uint8Array> {
    const spans = this.spans(piece, begin, length);
    const hit = this.cache.get(piece, begin, length);
    if (hit !== undefined) return hit;
    const writes = this.writesInFlight === 0 ? this.writeCount : undefined;
    const size = this.pieceSize(piece);
    if (this.cache.keepsWholePieces(size)) {
      const whole = await this.readOrMissing(this.spans(piece, 0, size), size);
      if (whole !== undefined) {
        if (writes === this.writeCount) this.cache.putPiece(piece, whole);
        return whole.slice(begin, begin + length);
      }
    }
    const block = await this.read(spans, length);
    if (writes === this.writeCount) this.cache.putBlock(piece, begin, block);
    return block;
  }

  private async verify(piece: number): Promise<boolean> {
    const size = this.pieceSize(piece);
    const data = await this.readOrMissing(this.spans(piece, 0, size), size);
    if (data === undefined) return false;
    const digest = await this.hashWorkers.sha1(data);
    return Buffer.from(digest).equals(this.info.pieces.subarray(piece * 20, piece * 20 + 20));
  }

  private async read(spans: readonly FileSpan[], length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let at = 0;
    for (const span of spans) {
      await this.io.read(this.placement.place(span), out, at, span.length);
      at += span.length;
    }
    return out;
  }

  private async readOrMissing(spans: readonly FileSpan[], length: number): Promise<Uint8Array | undefined> {
    try {
      return await this.read(spans, length);
    } catch (e) {
      if (e instanceof StorageError && e.code === 'missing-data') return undefined;
      throw e;
    }
  }

  /**
   * Copies a newly wanted file's bytes out of the part file. Runs of zeros are skipped: they are
   * holes of the sparse part file (never written), and a file's own holes read as zeros too.
   */
  private async moveIn(fileIndex: number): Promise<void> {
    const { length } = this.info.files[fileIndex]!;
    const from = this.placement.place({ fileIndex, fileOffset: 0, length });
    const to: Place = { file: this.filePath(fileIndex), position: 0, inPartFile: false };
    const chunk = new Uint8Array(Math.min(MOVE_CHUNK, length));
    const zeros = Buffer.alloc(chunk.length);
    for (let done = 0; done < length;) {
      const got = await this.io.readUpTo({ ...from, position: from.position + done }, chunk, length - done);
      if (got === 0) break;
      if (!zeros.subarray(0, got).equals(chunk.subarray(0, got))) {
        await this.io.write({ ...to, position: done }, chunk, 0, got);
      }
      done += got;
    }
  }

  private pieceSize(piece: number): number {
    try {
      return this.geometry.pieceSize(piece);
    } catch (e) {
      if (e instanceof ProtocolError) throw new StorageError('bad-range', e.message);
      throw e;
    }
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

  private checkOpen(): void {
    if (this.closed) throw new StorageError('closed', 'storage is closed');
  }
}
