import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { ProtocolError } from '../../protocol/errors.js';
import { addressGuard, type AddressGuard } from './address-guard.js';
import { TrackerClientError } from './errors.js';
import { abortError, deadlineSignal, type RequestOptions } from './options.js';

/** The largest reply read; an announce or a scrape of a few dozen torrents is a few kilobytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * GETs a tracker URL (query included) within the caller's budget and address policy, and decodes
 * the body; every failure is a TrackerClientError, a decoder's ProtocolError keeping its code.
 */
export async function getTrackerReply<T>(
  url: URL,
  options: RequestOptions,
  decodeBody: (body: Uint8Array) => T,
): Promise<T> {
  const guard = addressGuard(options.blockPrivateAddresses ?? false);
  guard.checkLiteral(url.hostname);
  const signal = deadlineSignal(options);
  let body: Uint8Array;
  try {
    body = await getCapped(url, guard, signal);
  } catch (e) {
    if (e instanceof TrackerClientError) throw e;
    if (signal.aborted) throw abortError(signal, url.origin);
    throw new TrackerClientError('network', `cannot reach ${url.origin}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return decodeBody(body);
  } catch (e) {
    if (e instanceof ProtocolError) throw new TrackerClientError(e.code, `${url.origin}: ${e.message}`);
    throw e;
  }
}

/**
 * GET with no redirects (a tracker URL from an uploaded torrent must not lead us on to other hosts)
 * and no shared agent (a pooled connection would skip the guard's lookup).
 */
function getCapped(url: URL, guard: AddressGuard, signal: AbortSignal): Promise<Uint8Array> {
  const get = url.protocol === 'https:' ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, lookup: guard.lookup, signal }, (response) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        reject(new TrackerClientError('tracker-failure', `${url.origin} answered HTTP ${status}`));
        return;
      }
      readCapped(response, url.origin).then(resolve, reject);
    });
    request.on('error', reject);
  });
}

/** Reads a body but stops at MAX_BODY_BYTES, so a hostile tracker cannot make us buffer gigabytes. */
async function readCapped(response: IncomingMessage, origin: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      response.destroy();
      throw new TrackerClientError('bad-response', `reply from ${origin} is over 1 MiB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `url` with `query` appended to whatever query it already has (some trackers put a passkey there). */
export function withQuery(url: URL, query: string): URL {
  const out = new URL(url);
  out.search = out.search ? `${out.search}&${query}` : `?${query}`;
  return out;
}
