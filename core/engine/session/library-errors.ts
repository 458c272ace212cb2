import { CodedError } from '../../protocol/errors.js';

/**
 * - 'corrupt': library.sqlite is not a Shoal library or is damaged; it is left untouched.
 * - 'too-new': written by a newer Shoal. 'busy': another process held it locked too long.
 * - 'cannot-open': permissions or a read-only medium.
 * - 'exists' / 'not-found': add of a torrent already there / change of one that is not.
 * - 'bad-entry' / 'bad-settings': a value the library cannot store, named in the message.
 * - 'closed': used after close().
 */
export type LibraryErrorCode =
  'corrupt' | 'too-new' | 'busy' | 'cannot-open' | 'exists' | 'not-found' | 'bad-entry' | 'bad-settings' | 'closed';

export class LibraryError extends CodedError<LibraryErrorCode> {}
