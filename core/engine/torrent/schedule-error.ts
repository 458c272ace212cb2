import { CodedError } from '../../protocol/errors.js';

/**
 * A scheduler (piece picker, block requests, choker) was called with arguments that cannot be right.
 * Codes: 'out-of-range' (a piece index outside the torrent), 'bad-bitfield' (a bitfield of another
 * torrent's size), 'bad-priorities' (wrong length or a value outside 0–3), 'bad-option' (a count,
 * limit or timeout that is not a usable number), 'incomplete' (a piece's bytes taken before all
 * of its blocks are in).
 */
export class ScheduleError extends CodedError {}
