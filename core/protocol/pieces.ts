import { ProtocolError } from './errors.js';
import type { InfoDict } from './metainfo.js';

/**
 * Piece geometry: piece i covers bytes [i·L, min((i+1)·L, total)) of the files laid end to end,
 * split into 16 KiB blocks, the last piece and the last block of each piece possibly short.
 */

export const BLOCK_SIZE = 16384;

export interface FileSpan {
  fileIndex: number;
  /** Where the span starts inside the file. */
  fileOffset: number;
  length: number;
}

export class PieceGeometry {
  readonly pieceCount: number;
  private readonly length: number;
  private readonly pieceLength: number;
  /** Files with data only, in order (zero-length files never hold a byte). */
  private readonly dataFiles: readonly { index: number; offset: number; length: number }[];

  constructor(info: Pick<InfoDict, 'length' | 'pieceLength' | 'files'>) {
    if (!Number.isSafeInteger(info.pieceLength) || info.pieceLength <= 0) {
      throw new ProtocolError('bad-piece-length', `piece length ${info.pieceLength} is not a positive integer`);
    }
    this.length = info.length;
    this.pieceLength = info.pieceLength;
    this.pieceCount = Math.ceil(info.length / info.pieceLength);
    this.dataFiles = info.files
      .map((f, index) => ({ index, offset: f.offset, length: f.length }))
      .filter((f) => f.length > 0);
  }

  pieceSize(index: number): number {
    this.checkPiece(index);
    return Math.min(this.pieceLength, this.length - index * this.pieceLength);
  }

  blockCount(index: number): number {
    return Math.ceil(this.pieceSize(index) / BLOCK_SIZE);
  }

  block(index: number, blockIndex: number): { begin: number; length: number } {
    const size = this.pieceSize(index);
    const count = Math.ceil(size / BLOCK_SIZE);
    if (!Number.isInteger(blockIndex) || blockIndex < 0 || blockIndex >= count) {
      throw new ProtocolError('out-of-range', `block ${blockIndex} of piece ${index} is outside 0..${count - 1}`);
    }
    const begin = blockIndex * BLOCK_SIZE;
    return { begin, length: Math.min(BLOCK_SIZE, size - begin) };
  }

  /** Maps bytes [begin, begin+length) of a piece onto the files that hold them, in order. */
  spans(index: number, begin: number, length: number): FileSpan[] {
    const size = this.pieceSize(index);
    if (!Number.isInteger(begin) || !Number.isInteger(length) || begin < 0 || length < 0 || begin + length > size) {
      throw new ProtocolError('out-of-range', `bytes ${begin}+${length} are outside piece ${index} of ${size} bytes`);
    }
    const start = index * this.pieceLength + begin;
    const end = start + length;
    const out: FileSpan[] = [];
    for (let i = this.firstFileAt(start); i < this.dataFiles.length && length > 0; i++) {
      const file = this.dataFiles[i]!;
      if (file.offset >= end) break;
      const from = Math.max(start, file.offset);
      const to = Math.min(end, file.offset + file.length);
      out.push({ fileIndex: file.index, fileOffset: from - file.offset, length: to - from });
    }
    return out;
  }

  /** The pieces that hold any byte of a file; null for a zero-length file. */
  pieceRangeOfFile(fileIndex: number): { first: number; last: number } | null {
    const file = this.dataFiles.find((f) => f.index === fileIndex);
    if (file === undefined) return null;
    return {
      first: Math.floor(file.offset / this.pieceLength),
      last: Math.floor((file.offset + file.length - 1) / this.pieceLength),
    };
  }

  /** Binary search: the first data file whose end lies beyond `position`. */
  private firstFileAt(position: number): number {
    let lo = 0;
    let hi = this.dataFiles.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const f = this.dataFiles[mid]!;
      if (f.offset + f.length <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private checkPiece(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.pieceCount) {
      throw new ProtocolError('out-of-range', `piece ${index} is outside 0..${this.pieceCount - 1}`);
    }
  }
}
