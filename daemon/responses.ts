import type { ServerResponse } from 'node:http';
import type { ApiFailure, ApiResponse } from '../core/api/index.js';

/**
 * HTTP status per error code (daemon-protocol.md). The body carries the code, which is what
 * clients branch on; the status is for proxies, logs and people reading them. Codes of the engine's
 * parts not listed here (a CreateError's 'no-files', a StorageError's 'not-writable') mean the engine refused
 * what was asked: 422.
 */
const STATUS: Record<string, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'unknown-command': 404,
  'not-found': 404,
  'method-not-allowed': 405,
  exists: 409,
  'not-ready': 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  internal: 500,
  // The search server answered with a refusal or with something that is not an answer.
  refused: 502,
  'bad-answer': 502,
  // The search server could not be reached in time.
  unavailable: 503,
  unreachable: 503,
  timeout: 503,
};

export function statusOf(code: string): number {
  return STATUS[code] ?? 422;
}

export function sendJson(res: ServerResponse, status: number, body: ApiResponse<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendFailure(res: ServerResponse, failure: ApiFailure): void {
  sendJson(res, statusOf(failure.error.code), failure);
}

/** A failure of the daemon's own (not the engine's), with its code and message. */
export function fail(code: string, message: string): ApiFailure {
  return { ok: false, error: { code, message } };
}
