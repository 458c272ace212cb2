import { CodedError, ProtocolError } from '../../core/protocol/errors.js';
import { DuplicateError, SearchDbError } from '../db/errors.js';

/**
 * A refusal with its HTTP status, a stable `code` for programs and a message for people. Every
 * route throws these (or errors mapped by `toHttpError`); one handler renders them as JSON, HTML
 * or Torznab XML depending on where the request came in.
 */
export class HttpError extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    /** Where the existing entry lives (409) or where to go next. */
    readonly location?: string,
  ) {
    super(code, message);
  }
}

const DB_STATUS: Record<SearchDbError['code'], number> = {
  duplicate: 409,
  blocked: 451,
  'bad-entry': 400,
  'bad-query': 400,
  'not-found': 404,
  'schema-too-new': 500,
};

/** Maps our typed errors to HTTP; anything unknown is a 500 whose details stay in the log. */
export function toHttpError(e: unknown, torrentUrl: (id: number) => string): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof DuplicateError) return new HttpError(409, e.code, e.message, torrentUrl(e.existingId));
  if (e instanceof SearchDbError) return new HttpError(DB_STATUS[e.code], e.code, e.message);
  if (e instanceof ProtocolError) return new HttpError(400, `bad-torrent`, `not a valid .torrent file: ${e.message}`);
  const status = (e as { status?: unknown }).status;
  const type = (e as { type?: unknown }).type;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, typeof type === 'string' ? type : 'bad-request', (e as Error).message);
  }
  return new HttpError(500, 'internal', 'internal server error');
}
