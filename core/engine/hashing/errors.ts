import { CodedError } from '../../protocol/errors.js';

/**
 * Why hashing failed. Codes: 'unreadable' (a file could not be opened or read), 'file-changed'
 * (a file became shorter while it was read), 'worker-failed' (a hashing thread died), 'bad-input',
 * 'closed' (the workers were closed), 'aborted' (only when a signal was aborted without a reason).
 */
export class HashError extends CodedError {}
