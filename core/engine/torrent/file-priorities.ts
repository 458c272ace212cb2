import type { Bitfield } from '../../protocol/bitfield.js';
import type { InfoDict } from '../../protocol/metainfo.js';
import type { PieceGeometry } from '../../protocol/pieces.js';

export type FilePriority = 'skip' | 'low' | 'normal' | 'high';
const RANK: Record<FilePriority, number> = { skip: 0, low: 1, normal: 2, high: 3 };

/** Normal for every file, or only `selected` (e.g. a magnet's BEP 53 `so`, `--only`) normal and the rest skipped. */
export function defaultPriorities(fileCount: number, selected?: readonly number[]): FilePriority[] {
  if (!selected) return new Array<FilePriority>(fileCount).fill('normal');
  const wanted = new Set(selected);
  return Array.from({ length: fileCount }, (_, i) => (wanted.has(i) ? 'normal' : 'skip'));
}

/** A piece is worth what the most important file it touches is worth: a piece a wanted file needs is needed. */
export function piecePriorities(geometry: PieceGeometry, priorities: readonly FilePriority[]): Uint8Array {
  const out = new Uint8Array(geometry.pieceCount);
  priorities.forEach((p, file) => {
    const range = geometry.pieceRangeOfFile(file);
    if (!range) return;
    const rank = RANK[p];
    for (let i = range.first; i <= range.last; i++) if (out[i]! < rank) out[i] = rank;
  });
  return out;
}

/** Which files storage creates: every file not skipped (zero-length ones too). */
export function selection(priorities: readonly FilePriority[]): boolean[] {
  return priorities.map((p) => p !== 'skip');
}

/** Bytes of each file that lie in pieces we have. */
export function fileBytesDone(info: InfoDict, geometry: PieceGeometry, have: Bitfield): number[] {
  return info.files.map((file, index) => {
    const range = geometry.pieceRangeOfFile(index);
    if (!range) return 0;
    let done = 0;
    for (let i = range.first; i <= range.last; i++) {
      if (!have.get(i)) continue;
      const start = Math.max(file.offset, i * info.pieceLength);
      const end = Math.min(file.offset + file.length, (i + 1) * info.pieceLength);
      done += end - start;
    }
    return done;
  });
}

/** Bytes wanted (of files not skipped) and how many of them we have, from fileBytesDone's answer. */
export function wantedProgress(
  info: InfoDict,
  perFile: readonly number[],
  priorities: readonly FilePriority[],
): { wanted: number; done: number } {
  let wanted = 0;
  let done = 0;
  info.files.forEach((file, i) => {
    if (priorities[i] === 'skip') return;
    wanted += file.length;
    done += perFile[i]!;
  });
  return { wanted, done };
}
