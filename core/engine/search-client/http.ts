import { SearchClientError } from './errors.js';

/** Answers are small (a page of 100 hits is ~50 KiB); a server sending more is broken or hostile. */
export const MAX_JSON_BYTES = 4 * 1024 * 1024;

/** The search server's base URL from text, as an http(s) URL ending in `/` so paths resolve below it. */
export function searchServerUrl(text: string): URL {
  let base: URL;
  try {
    base = new URL(text);
  } catch {
    throw new SearchClientError('bad-url', `the search server ${JSON.stringify(text)} is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new SearchClientError('bad-url', `the search server must be an http(s) URL, not ${base.protocol}`);
  }
  return base.href.endsWith('/') ? base : new URL(`${base.href}/`);
}

/** `path` below the base, whether or not the caller's base ends in `/`. */
export function endpoint(base: URL, path: string): URL {
  return new URL(path, searchServerUrl(base.href));
}

export interface Answer {
  response: Response;
  bytes: Uint8Array;
}

/**
 * One request with a deadline. Transport failures, the deadline and the caller's signal become
 * SearchClientError; the body is read up to `maxBytes`.
 */
export async function request(
  url: URL,
  init: RequestInit,
  limits: { timeoutMs: number; maxBytes: number },
  signal?: AbortSignal,
): Promise<Answer> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  try {
    const response = await fetch(url, { ...init, signal: combined, redirect: 'follow' });
    return { response, bytes: await readCapped(response, limits.maxBytes) };
  } catch (error) {
    if (error instanceof SearchClientError) throw error;
    if (signal?.aborted) throw new SearchClientError('aborted', `the request to ${url.origin} was aborted`);
    if (deadline.aborted) {
      throw new SearchClientError(
        'timeout',
        `the search server ${url.origin} did not answer within ${limits.timeoutMs} ms`,
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new SearchClientError(
      'unreachable',
      `the search server ${url.origin} is unreachable (${reason})`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes || !response.body) {
    await response.body?.cancel();
    if (declared > maxBytes) throw tooLarge(response, maxBytes);
    return new Uint8Array(0);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw tooLarge(response, maxBytes);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

function tooLarge(response: Response, maxBytes: number): SearchClientError {
  return new SearchClientError(
    'bad-answer',
    `the answer from ${new URL(response.url).origin} is over ${maxBytes} bytes`,
  );
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
  existing?: { url?: unknown };
}

/** The body as JSON, or undefined when it is not (a proxy's error page). */
export function jsonOf(answer: Answer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(answer.bytes));
  } catch {
    return undefined;
  }
}

/** "refused by the server (HTTP 409): <its message>", with its code and, for duplicates, where the entry is. */
export function refusal(answer: Answer): SearchClientError {
  const { status, statusText, url } = answer.response;
  const body = (jsonOf(answer) ?? {}) as ErrorBody;
  const serverMessage = typeof body.error?.message === 'string' ? body.error.message : `${status} ${statusText}`;
  const existingRef = body.existing?.url;
  const existing =
    typeof existingRef === 'string' && URL.canParse(existingRef, url) ? new URL(existingRef, url).href : undefined;
  const where = existing ? ` (existing entry: ${existing})` : '';
  return new SearchClientError('refused', `refused by the server (HTTP ${status}): ${serverMessage}${where}`, {
    status,
    serverCode: typeof body.error?.code === 'string' ? body.error.code : undefined,
    existingUrl: existing,
  });
}

export function badAnswer(answer: Answer, what: string): SearchClientError {
  return new SearchClientError(
    'bad-answer',
    `the search server ${new URL(answer.response.url).origin} sent ${what} (HTTP ${answer.response.status})`,
  );
}
