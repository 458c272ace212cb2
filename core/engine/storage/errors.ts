import { CodedError } from '../../protocol/errors.js';

/**
 * Why storage refused or failed an operation. Codes: 'outside-root' (a path would leave the
 * download folder), 'bad-range' (piece/offset/length outside the torrent), 'missing-data'
 * (reading bytes that are not on disk), 'io' (the operating system refused), 'closed'.
 */
export class StorageError extends CodedError {}
