import type { Request } from 'express';
import type { Logger } from '../../core/server/logger.js';
import type { SearchServerConfig } from '../config.js';
import type { SearchDatabase, TokenRole } from '../db/types.js';
import { HttpError } from './errors.js';
import { parseQueryString, type QueryParams } from './query.js';
import type { RateLimiter } from './rate-limit.js';

/** What every route needs, built once by the app. */
export interface AppContext {
  db: SearchDatabase;
  config: SearchServerConfig;
  logger: Logger;
  /** Absolute base URL for links in feeds, without a trailing slash. */
  baseUrl: () => string;
  searchLimit: RateLimiter;
  publishLimit: RateLimiter;
}

export function queryOf(req: Request): QueryParams {
  return parseQueryString(req.originalUrl);
}

/** The client's address: the socket peer, or the trusted proxy hop (express `trust proxy`). */
export function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The bearer token from the `Authorization` header, if any. */
export function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new HttpError(401, 'bad-token', 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Checks the token's role; 401 when missing or unknown, 403 when the role is not enough. */
export function authorize(ctx: AppContext, token: string | undefined, roles: readonly TokenRole[]) {
  if (token === undefined)
    throw new HttpError(401, 'token-required', 'an API token is required (Authorization: Bearer <token>)');
  const who = ctx.db.tokens.verifyToken(token);
  if (!who) throw new HttpError(401, 'bad-token', 'the API token is unknown or revoked');
  if (!roles.includes(who.role)) {
    throw new HttpError(403, 'forbidden', `this needs a token with role ${roles.join(' or ')}; yours is ${who.role}`);
  }
  return who;
}

/** A torrent reference in a URL: 40-hex infohash or a numeric id. */
export function findTorrent(ctx: AppContext, ref: string, includeHidden = false) {
  const detail = /^[0-9a-f]{40}$/i.test(ref)
    ? ctx.db.torrents.getByInfoHash(ref)
    : /^\d{1,15}$/.test(ref)
      ? ctx.db.torrents.getById(Number(ref))
      : undefined;
  if (!detail || (detail.hidden && !includeHidden)) {
    throw new HttpError(404, 'not-found', 'no such torrent: give its 40-character infohash or its id');
  }
  return detail;
}
