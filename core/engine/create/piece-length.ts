import { parseByteSize } from '../../protocol/units.js';
import { CreateError } from './errors.js';

export const MIN_PIECE_LENGTH = 16 * 1024;
/** Upper end of the automatic choice (what common clients handle well). */
export const MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
/** Upper end of an explicit choice. */
export const MAX_PIECE_LENGTH = 64 * 1024 * 1024;
/** The automatic choice keeps the piece count at or below this, so it lands in (1,000, 2,000]. */
const TARGET_MAX_PIECES = 2000;

/**
 * The piece length standard tools would pick: the smallest power of two from 16 KiB to 16 MiB
 * that keeps the torrent at no more than 2,000 pieces. Large torrents thus get 1,001–2,000 pieces;
 * small ones get 16 KiB pieces; beyond about 31 GiB the count grows past 2,000 at 16 MiB.
 */
export function autoPieceLength(totalBytes: number): number {
  let length = MIN_PIECE_LENGTH;
  while (length < MAX_AUTO_PIECE_LENGTH && Math.ceil(totalBytes / length) > TARGET_MAX_PIECES) length *= 2;
  return length;
}

/**
 * Reads a piece length given by a person: bytes, or a number with K, M (binary, "KiB"/"MB" also
 * accepted). It must be a power of two from 16 KiB to 64 MiB.
 */
export function parsePieceLength(text: string): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined) {
    throw new CreateError('bad-piece-length', `piece length "${text}" is not a size such as 262144, 256K or 1M`);
  }
  checkPieceLength(bytes);
  return bytes;
}

export function checkPieceLength(bytes: number): void {
  const inRange = Number.isInteger(bytes) && bytes >= MIN_PIECE_LENGTH && bytes <= MAX_PIECE_LENGTH;
  if (!inRange || (bytes & (bytes - 1)) !== 0) {
    throw new CreateError(
      'bad-piece-length',
      `piece length ${bytes} is not allowed: use a power of two from 16 KiB (16384) to 64 MiB (67108864)`,
    );
  }
}
