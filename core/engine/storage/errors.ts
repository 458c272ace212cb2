import { CodedError } from '../../protocol/errors.js';

/**
 * Why storage refused or failed an operation. Codes: 'outside-root' (a path would leave the
 * download folder), 'bad-range' (piece/offset/length outside the torrent), 'bad-selection' (a
 * file selection that does not fit the torrent), 'missing-data' (reading bytes that are not on
 * disk), 'no-space' (the disk is full), 'not-writable' (the system refused to let us write a file
 * or create a folder), 'io' (the operating system refused otherwise), 'closed'.
 */
export class StorageError extends CodedError {}

/** What storage was doing to a path when the system refused. */
export type IoAction = 'read' | 'write' | 'create folder' | 'sync' | 'delete';

const REFUSED = new Set(['EACCES', 'EPERM', 'EROFS']);

/** The StorageError for a system error, naming the path; StorageErrors pass through unchanged. */
export function ioError(e: unknown, action: IoAction, file: string): StorageError {
  if (e instanceof StorageError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (action !== 'read' && (code === 'ENOSPC' || code === 'EDQUOT')) {
    return new StorageError('no-space', `no space left on the disk to ${action} "${file}"`, { cause: e });
  }
  if (action !== 'read' && code !== undefined && REFUSED.has(code)) {
    return new StorageError('not-writable', `not allowed to ${action} "${file}" (${code})`, { cause: e });
  }
  return new StorageError('io', `cannot ${action} "${file}": ${code ?? (e as Error).message}`, { cause: e });
}
