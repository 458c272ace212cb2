import type { InfoDict } from '../../protocol/metainfo.js';
import type { FileSpan } from '../../protocol/pieces.js';
import type { HashFile } from '../hashing/index.js';
import { StorageError } from './errors.js';
import type { FolderGuard } from './paths.js';

/** Where the bytes of a span live. */
export interface Place {
  file: string;
  position: number;
  /** The span belongs to an unwanted file and lives in the part file. */
  inPartFile: boolean;
}

/**
 * Which files are wanted, and where each file's bytes live. A wanted file's bytes are in the
 * file. An unwanted file's bytes are in the part file, each at its offset in the torrent (so the
 * part file is sparse), unless the file is already on disk, e.g. finished before it was
 * deselected: then they stay in it, as in libtorrent, so deselecting moves nothing and loses nothing.
 */
export class Placement {
  private constructor(
    private readonly info: InfoDict,
    private readonly paths: readonly string[],
    readonly partFile: string,
    private readonly guard: FolderGuard,
    private readonly wanted: boolean[],
    private readonly inPartFile: boolean[],
  ) {}

  static async create(
    info: InfoDict,
    paths: readonly string[],
    partFile: string,
    guard: FolderGuard,
    selection: readonly boolean[] | undefined,
  ): Promise<Placement> {
    const wanted = selection === undefined ? paths.map(() => true) : checkSelection(selection, paths.length);
    const placement = new Placement(
      info,
      paths,
      partFile,
      guard,
      wanted,
      paths.map(() => false),
    );
    await Promise.all(
      wanted.map(async (want, i) => {
        if (!want) placement.inPartFile[i] = await placement.usesPartFile(i);
      }),
    );
    return placement;
  }

  isWanted(fileIndex: number): boolean {
    return this.wanted[fileIndex] === true;
  }

  isInPartFile(fileIndex: number): boolean {
    return this.inPartFile[fileIndex] === true;
  }

  place(span: FileSpan): Place {
    if (this.isInPartFile(span.fileIndex)) {
      const start = this.info.files[span.fileIndex]!.offset;
      return { file: this.partFile, position: start + span.fileOffset, inPartFile: true };
    }
    return { file: this.paths[span.fileIndex]!, position: span.fileOffset, inPartFile: false };
  }

  /** The torrent's files as the hash pool reads them: part-file bytes where they are. */
  hashFiles(): HashFile[] {
    return this.info.files.map((f, i) =>
      this.isInPartFile(i)
        ? { path: this.partFile, length: f.length, start: f.offset }
        : { path: this.paths[i]!, length: f.length },
    );
  }

  /**
   * Applies a new selection. `moveIn` is called for each newly wanted file whose bytes sit in the
   * part file, before the file counts as holding them.
   */
  async select(selection: readonly boolean[], moveIn: (fileIndex: number) => Promise<void>): Promise<void> {
    const next = checkSelection(selection, this.paths.length);
    for (const [i, want] of next.entries()) {
      if (want === this.wanted[i]) continue;
      if (want && this.isInPartFile(i)) await moveIn(i);
      this.inPartFile[i] = !want && (await this.usesPartFile(i));
      this.wanted[i] = want;
    }
  }

  /** After the data was deleted: no file is on disk, so every unwanted one uses the part file. */
  forgetFiles(): void {
    for (const [i, want] of this.wanted.entries()) this.inPartFile[i] = !want && this.info.files[i]!.length > 0;
  }

  /** An unwanted file uses the part file unless it is on disk (a regular file, inside the download folder). */
  private async usesPartFile(fileIndex: number): Promise<boolean> {
    if (this.info.files[fileIndex]!.length === 0) return false;
    const found = await this.guard.lstat(this.paths[fileIndex]!);
    return found?.isFile() !== true;
  }
}

function checkSelection(selection: readonly boolean[], fileCount: number): boolean[] {
  if (!Array.isArray(selection) || selection.length !== fileCount || selection.some((s) => typeof s !== 'boolean')) {
    throw new StorageError(
      'bad-selection',
      `a file selection must be ${fileCount} true/false values, one per file of the torrent`,
    );
  }
  return [...selection];
}
