import { UsageError } from '../command.js';

/** The search server's base URL from `--search` or SHOAL_SEARCH_URL, as an http(s) URL ending in `/`. */
export function searchServerBase(flag: string | undefined): URL {
  const server = flag ?? process.env.SHOAL_SEARCH_URL;
  if (!server) throw new UsageError('--search URL is required (or set SHOAL_SEARCH_URL)');
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new UsageError(`--search ${JSON.stringify(server)} is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError('--search must be an http(s) URL');
  return base.href.endsWith('/') ? base : new URL(`${base.href}/`);
}

export interface ServerAnswer<T> {
  status: number;
  body: T & { error?: { code?: string; message?: string }; existing?: { url?: string } };
}

/** Reads a JSON answer; a body that is not JSON (a proxy's error page) leaves only the status to report. */
export async function readAnswer<T>(response: Response): Promise<ServerAnswer<T>> {
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as ServerAnswer<T>['body'] };
  } catch {
    return { status: response.status, body: {} as ServerAnswer<T>['body'] };
  }
}

/** "refused by the server (HTTP 409): <message>" for stderr. */
export function refusal(answer: ServerAnswer<unknown>, response: Response): string {
  const message = answer.body.error?.message ?? `${response.status} ${response.statusText}`;
  return `refused by the server (HTTP ${answer.status}): ${message}`;
}
