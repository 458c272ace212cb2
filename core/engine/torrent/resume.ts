import { Bitfield } from '../../protocol/bitfield.js';
import type { ResumeData } from '../session/library.js';
import type { CheckQueue } from '../session/check-queue.js';
import type { Storage } from '../storage/storage.js';

export interface CheckResult {
  have: Bitfield;
  /** Pieces hashed now, and pieces taken from resume data without hashing. */
  hashed: number;
  trusted: number;
}

/**
 * What we have, from resume data where it still holds: pieces of files whose size or mtime changed
 * since it was saved are hashed again, the rest is trusted, so a restart does not rehash the
 * download. Without resume data, whatever is on disk is hashed (a file may already be there).
 * Hashing waits its turn in `queue`; what resume data settles alone does not.
 */
export async function loadHave(
  storage: Storage,
  pieceCount: number,
  resume: ResumeData | undefined,
  queue: CheckQueue,
): Promise<CheckResult> {
  const now = await storage.fileStats();
  if (!resume || resume.files.length !== now.length) return fullCheck(storage, pieceCount, now, queue);
  let have: Bitfield;
  try {
    have = new Bitfield(pieceCount, resume.have);
  } catch {
    return fullCheck(storage, pieceCount, now, queue);
  }
  const suspect = new Set<number>();
  now.forEach((stat, i) => {
    const saved = resume.files[i];
    const same =
      stat === null ? saved === null : saved != null && saved.size === stat.size && saved.mtimeMs === stat.mtimeMs;
    if (same) return;
    const range = storage.geometry.pieceRangeOfFile(i);
    if (range) for (let p = range.first; p <= range.last; p++) suspect.add(p);
  });
  const trusted = have.count() - [...suspect].filter((p) => have.get(p)).length;
  if (suspect.size === 0) return { have, hashed: 0, trusted };
  const pieces = [...suspect].sort((a, b) => a - b);
  const good = await queue.run(() => storage.recheckPieces(pieces));
  for (const p of pieces) have.set(p, good.has(p));
  return { have, hashed: pieces.length, trusted };
}

async function fullCheck(
  storage: Storage,
  pieceCount: number,
  stats: readonly ({ size: number } | null)[],
  queue: CheckQueue,
): Promise<CheckResult> {
  if (stats.every((s) => s === null || s.size === 0)) return { have: new Bitfield(pieceCount), hashed: 0, trusted: 0 };
  return { have: await queue.run(() => storage.recheck()), hashed: pieceCount, trusted: 0 };
}
