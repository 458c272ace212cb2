import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCommand, toApiFailure, type ShoalApi } from '../core/api/index.js';
import { CodedError } from '../core/protocol/errors.js';
import type { Logger } from '../core/server/logger.js';
import { fail, sendFailure, sendJson } from './responses.js';
import { bearerToken, tokensEqual } from './token.js';

/** addTorrent carries a .torrent of up to 16 MiB as base64 (~21.4 MiB) plus its other fields. */
export const MAX_BODY_BYTES = 24 * 1024 * 1024;

export interface CallContext {
  api: ShoalApi;
  token: string;
  logger: Logger;
}

/**
 * `POST /api/v1/call/<command>`: the Bearer token first (nothing else is looked at without it),
 * then a JSON body, validated against the command's schema by parseCommand, then the engine.
 * A cross-site form can send neither the header nor a JSON content type.
 */
export async function callRoute(req: IncomingMessage, res: ServerResponse, name: string, ctx: CallContext) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendFailure(res, fail('method-not-allowed', `${req.method} is not allowed: calls are POST requests`));
  }
  const given = bearerToken(req.headers.authorization);
  if (given === undefined || !tokensEqual(given, ctx.token)) {
    const why = given === undefined ? 'no token: send "Authorization: Bearer <token>"' : 'wrong token';
    return sendFailure(res, fail('unauthorized', `${why} (the daemon printed its URL with the token at start)`));
  }
  if (!isJson(req.headers['content-type'])) {
    return sendFailure(res, fail('unsupported-media-type', 'the body must be JSON (Content-Type: application/json)'));
  }
  const body = await readBody(req);
  if (body === undefined) {
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
    return sendFailure(res, fail('too-large', `the body is over ${MAX_BODY_BYTES} bytes`));
  }
  let params: unknown;
  try {
    params = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    return sendFailure(res, fail('bad-request', 'the body is not valid JSON'));
  }
  try {
    const call = parseCommand(safeDecode(name), params);
    const method = ctx.api[call.name] as (params: unknown) => Promise<unknown>;
    sendJson(res, 200, { ok: true, result: await method.call(ctx.api, call.params) });
  } catch (error) {
    if (!(error instanceof CodedError)) ctx.logger.error({ err: error, command: name }, 'call failed');
    sendFailure(res, toApiFailure(error));
  }
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

/** The body, or undefined when it is over the cap (announced or actual). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // Stop reading but keep the socket, so the 413 still reaches the client.
      req.off('data', onData).pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** A name with a broken %-escape is simply no command (parseCommand says so). */
function safeDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
