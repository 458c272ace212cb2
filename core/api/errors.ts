import { z } from 'zod';
import { CodedError } from '../protocol/errors.js';

/**
 * The codes every host and client can branch on. Errors of the engine's parts (a MetainfoError's
 * 'bad-type', a StorageError's code) cross as they are, so the list is open.
 */
export type KnownApiErrorCode =
  /** The call's name or params are invalid; the message names the field. */
  | 'bad-request'
  | 'unknown-command'
  /** No torrent with that infohash (or no such file index). */
  | 'not-found'
  /** The torrent is already in the library. */
  | 'exists'
  /** Not possible in the torrent's current state (publish before metadata, ...). */
  | 'not-ready'
  /** A server the engine needs (search server) did not answer. */
  | 'unavailable'
  /** A server the engine needs refused (the message carries its reason). */
  | 'refused'
  | 'unauthorized'
  | 'internal';
// `string & {}` keeps editors suggesting the known codes while any stable code still fits.
export type ApiErrorCode = KnownApiErrorCode | (string & {});

export class ApiError extends CodedError<ApiErrorCode> {}

export const apiFailure = z.strictObject({
  ok: z.literal(false),
  error: z.strictObject({ code: z.string(), message: z.string() }),
});
export type ApiFailure = z.infer<typeof apiFailure>;
export interface ApiSuccess<T> {
  ok: true;
  result: T;
}
/** What a transport carries back for one call. */
export type ApiResponse<T> = ApiSuccess<T> | ApiFailure;

/**
 * Any thrown value as its wire form. Coded errors keep their code and message; anything else is
 * a bug and crosses as 'internal' with its message, the stack staying with the host's log.
 */
export function toApiFailure(error: unknown): ApiFailure {
  if (error instanceof CodedError) return { ok: false, error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message: `internal error: ${message}` } };
}

/** The client side: a failure back into an ApiError to throw. */
export function fromApiFailure(failure: ApiFailure): ApiError {
  return new ApiError(failure.error.code, failure.error.message);
}
