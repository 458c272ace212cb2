import type { AnnounceParams, AnnounceReply } from './announce-types.js';
import { TrackerClientError } from './errors.js';
import { announceHttp } from './http-announce.js';
import type { AnnounceOptions } from './options.js';
import { announceUdp } from './udp-announce.js';

const BY_SCHEME: Record<
  string,
  (url: URL, params: AnnounceParams, options: AnnounceOptions) => Promise<AnnounceReply>
> = {
  'http:': announceHttp,
  'https:': announceHttp,
  'udp:': (url, params, options) => announceUdp(url.href, params, options),
};

/**
 * One announce over http(s) (BEP 3) or udp (BEP 15), by the URL's scheme. WebSocket trackers
 * need offers and a live socket: they are announced to elsewhere. TrackerClientError with a code on failure.
 */
export async function announce(
  url: string,
  params: AnnounceParams,
  options: AnnounceOptions = {},
): Promise<AnnounceReply> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TrackerClientError('bad-url', `not a URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  const announceOver = BY_SCHEME[parsed.protocol];
  if (!announceOver)
    throw new TrackerClientError('bad-url', `cannot announce to a ${parsed.protocol} tracker here: ${url}`);
  checkParams(params);
  return announceOver(parsed, params, options);
}

/** Refuses what would make a malformed request (or a codec throw a RangeError) with 'bad-request'. */
function checkParams(p: AnnounceParams): void {
  const refuse = (what: string) => {
    throw new TrackerClientError('bad-request', `announce ${what}`);
  };
  if (p.infoHash.length !== 20) refuse(`info hash must be 20 bytes, got ${p.infoHash.length}`);
  if (p.peerId.length !== 20) refuse(`peer id must be 20 bytes, got ${p.peerId.length}`);
  if (!isInRange(p.port, 1, 65535)) refuse(`port must be an integer from 1 to 65535, got ${p.port}`);
  for (const name of ['uploaded', 'downloaded', 'left'] as const) {
    if (!isInRange(p[name], 0, Number.MAX_SAFE_INTEGER))
      refuse(`${name} must be a non-negative integer, got ${p[name]}`);
  }
  // BEP 15 carries numwant as a signed 32-bit integer.
  if (!isInRange(p.numwant, 0, 0x7fff_ffff)) refuse(`numwant must be an integer from 0 to 2³¹−1, got ${p.numwant}`);
  if (!isInRange(p.key, 0, 0xffff_ffff)) refuse(`key must be a 32-bit unsigned integer, got ${p.key}`);
  if (!['started', 'completed', 'stopped', 'none'].includes(p.event))
    refuse(`event ${JSON.stringify(p.event)} is unknown`);
}

function isInRange(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}
