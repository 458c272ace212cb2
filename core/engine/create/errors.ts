import { CodedError } from '../../protocol/errors.js';

/**
 * Why a torrent could not be created. Codes: 'not-found', 'unreadable', 'no-files', 'empty',
 * 'broken-link', 'link-loop', 'bad-name', 'bad-piece-length', 'bad-option', 'file-changed',
 * 'unwritable', 'worker-failed', 'aborted' (only when a signal was aborted without a reason).
 */
export class CreateError extends CodedError {}
