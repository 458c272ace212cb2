import { ProtocolError } from './errors.js';
import { fromBase32, isInfoHashHex, toHex } from './hex.js';
import type { Metainfo } from './metainfo.js';
import { flattenAnnounce } from './metainfo.js';

/** Magnet links (BEP 9; `so` from BEP 53; `x.pe` peer addresses). */

export class MagnetError extends ProtocolError {}

export interface Magnet {
  /** 40 lower-case hex. */
  infoHash: string;
  name?: string;
  trackers: string[];
  webSeeds: string[];
  /** `x.pe` peer addresses, host:port. */
  peers: string[];
  /** BEP 53 `so`: file indices, ranges expanded, ascending, each once. */
  select?: number[];
}

/** A `so` range like 0-4294967295 would otherwise expand into billions of numbers. */
export const MAX_SELECT = 100_000;
const BTIH = 'urn:btih:';

export function parseMagnet(uri: string): Magnet {
  if (!/^magnet:\?/i.test(uri)) throw new MagnetError('not-magnet', 'a magnet link starts with "magnet:?"');
  const magnet: Magnet = { infoHash: '', trackers: [], webSeeds: [], peers: [] };
  for (const [key, value] of queryPairs(uri.slice('magnet:?'.length))) {
    if (key === 'xt' && magnet.infoHash === '' && value.toLowerCase().startsWith(BTIH)) {
      magnet.infoHash = parseBtih(value.slice(BTIH.length));
    } else if (key === 'dn') magnet.name = value;
    else if (key === 'tr') magnet.trackers.push(value);
    else if (key === 'ws') magnet.webSeeds.push(value);
    else if (key === 'x.pe') magnet.peers.push(value);
    else if (key === 'so') magnet.select = parseSelect(value);
  }
  if (magnet.infoHash === '')
    throw new MagnetError('missing-infohash', 'the magnet link has no "xt=urn:btih:" infohash');
  return magnet;
}

function queryPairs(query: string): [string, string][] {
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const raw = eq < 0 ? '' : part.slice(eq + 1);
      try {
        // '+' is a space in query strings (some clients write names that way); a real '+' arrives as %2B.
        return [key.toLowerCase(), decodeURIComponent(raw.replace(/\+/g, ' '))];
      } catch {
        throw new MagnetError('bad-escape', `the magnet parameter "${key}" has a malformed %-escape`);
      }
    });
}

function parseBtih(text: string): string {
  if (isInfoHashHex(text)) return text.toLowerCase();
  if (/^[a-z2-7]{32}$/i.test(text)) return toHex(fromBase32(text));
  throw new MagnetError(
    'bad-infohash',
    `the btih ${JSON.stringify(text.slice(0, 80))} is neither 40 hex nor 32 base32 characters`,
  );
}

function parseSelect(text: string): number[] {
  const selected = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\d{1,10})(?:-(\d{1,10}))?$/.exec(item);
    const first = Number(match?.[1]);
    const last = match?.[2] === undefined ? first : Number(match[2]);
    if (!match || last < first)
      throw new MagnetError('bad-select', `the "so" item ${JSON.stringify(item)} is not an index or range`);
    if (last - first + 1 + selected.size > MAX_SELECT) {
      throw new MagnetError('bad-select', `"so" selects more than ${MAX_SELECT} files`);
    }
    for (let i = first; i <= last; i++) selected.add(i);
  }
  return [...selected].sort((a, b) => a - b);
}

/** Formats a magnet link: xt first, then dn, tr, ws, x.pe, so; values percent-encoded. */
export function formatMagnet(m: Magnet): string {
  if (!isInfoHashHex(m.infoHash))
    throw new MagnetError('bad-infohash', `infoHash ${JSON.stringify(m.infoHash)} is not 40 hex`);
  const params = [`xt=${BTIH}${m.infoHash.toLowerCase()}`];
  if (m.name !== undefined) params.push(`dn=${encodeURIComponent(m.name)}`);
  for (const url of m.trackers) params.push(`tr=${encodeURIComponent(url)}`);
  for (const url of m.webSeeds) params.push(`ws=${encodeURIComponent(url)}`);
  for (const peer of m.peers) params.push(`x.pe=${encodeURIComponent(peer)}`);
  if (m.select !== undefined && m.select.length > 0) params.push(`so=${formatSelect(m.select)}`);
  return `magnet:?${params.join('&')}`;
}

/** Ascending indices as BEP 53 ranges: [0,1,2,5] → "0-2,5". */
function formatSelect(indices: readonly number[]): string {
  const bad = indices.find((i) => !Number.isSafeInteger(i) || i < 0);
  if (bad !== undefined) throw new MagnetError('bad-select', `file index ${bad} is not a non-negative integer`);
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function magnetFromMetainfo(m: Metainfo): string {
  return formatMagnet({
    infoHash: m.infoHash,
    name: m.info.name,
    trackers: flattenAnnounce(m.announce),
    webSeeds: m.urlList,
    peers: [],
  });
}
