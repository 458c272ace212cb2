import { CodedError } from '../core/protocol/errors.js';

/**
 * - 'bad-token-file': daemon-token exists but holds no valid token (it is never overwritten).
 * - 'cannot-listen': the web port is taken or the address is not this machine's.
 */
export type DaemonErrorCode = 'bad-token-file' | 'cannot-listen';

export class DaemonError extends CodedError<DaemonErrorCode> {}
