import { CodedError } from '../../core/protocol/errors.js';

/**
 * Typed errors of the search database. Each carries a stable `code` (callers and the HTTP layer
 * branch on it) and a message that names the problem for people.
 */
export type SearchDbErrorCode = 'duplicate' | 'blocked' | 'bad-entry' | 'bad-query' | 'not-found' | 'schema-too-new';

export class SearchDbError extends CodedError<SearchDbErrorCode> {}

/** The infohash is already stored; `existingId` lets the caller point at the existing entry (HTTP 409). */
export class DuplicateError extends SearchDbError {
  readonly existingId: number;

  constructor(infoHash: string, existingId: number) {
    super('duplicate', `a torrent with infohash ${infoHash} is already published (id ${existingId})`);
    this.existingId = existingId;
  }
}

/** The infohash is on the blocklist. */
export class BlockedError extends SearchDbError {
  readonly reason: string;

  constructor(infoHash: string, reason: string) {
    super('blocked', `infohash ${infoHash} is blocked${reason ? `: ${reason}` : ''}`);
    this.reason = reason;
  }
}
