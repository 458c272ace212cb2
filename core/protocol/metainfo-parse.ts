import { createHash } from 'node:crypto';
import type { BDict, BValue } from './bencode.js';
import { decodeWithSpans } from './bencode.js';
import { MetainfoError } from './errors.js';
import { toHex } from './hex.js';
import type { Metainfo, MetainfoLimits } from './metainfo.js';
import { kindOf, optionalText, requireDict, utf8OrUndefined } from './metainfo-fields.js';
import { parseInfo } from './metainfo-info.js';

export { MAX_PIECE_LENGTH } from './metainfo-info.js';

/**
 * 16 MiB holds ~800,000 pieces (a 100 GiB torrent at 128 KiB pieces); 100,000 files keeps parsing
 * and path checks well under a second; 64 levels is where other parsers cap nesting.
 */
export const DEFAULT_METAINFO_LIMITS: Readonly<Required<MetainfoLimits>> = {
  maxBytes: 16 * 1024 * 1024,
  maxFiles: 100_000,
  maxDepth: 64,
};

/** Parses and validates a .torrent. Throws MetainfoError or BencodeError only, each naming the problem. */
export function parseMetainfo(bytes: Uint8Array, limits: MetainfoLimits = {}): Metainfo {
  // Field by field: a spread would let an explicit `undefined` switch a cap off.
  const maxBytes = limits.maxBytes ?? DEFAULT_METAINFO_LIMITS.maxBytes;
  const maxFiles = limits.maxFiles ?? DEFAULT_METAINFO_LIMITS.maxFiles;
  const maxDepth = limits.maxDepth ?? DEFAULT_METAINFO_LIMITS.maxDepth;
  if (bytes.length > maxBytes) {
    throw new MetainfoError('too-large', `the torrent is ${bytes.length} bytes, over the cap of ${maxBytes}`);
  }
  const { value, spans } = decodeWithSpans(bytes, { maxDepth });
  if (!(value instanceof Map))
    throw new MetainfoError('bad-type', `the torrent must be a dictionary, not ${kindOf(value)}`);
  const info = parseInfo(requireDict(value, 'info', 'the torrent'), maxFiles);
  // Hash the bytes as they are: re-encoding would change the hash of a producer's unsorted keys.
  const [start, end] = spans.get('info')!;
  const infoHashBytes = new Uint8Array(createHash('sha1').update(bytes.subarray(start, end)).digest());
  return {
    infoHash: toHex(infoHashBytes),
    infoHashBytes,
    info,
    announce: announceTiers(value),
    urlList: textList(value.get('url-list')),
    ...optionalFields(value),
    raw: bytes,
  };
}

function optionalFields(top: BDict): Pick<Metainfo, 'comment' | 'createdBy' | 'creationDate' | 'encoding'> {
  const comment = optionalText(top, 'comment');
  const createdBy = optionalText(top, 'created by');
  const encoding = optionalText(top, 'encoding');
  const creationDate = top.get('creation date');
  return {
    ...(comment === undefined ? {} : { comment }),
    ...(createdBy === undefined ? {} : { createdBy }),
    ...(typeof creationDate === 'number' ? { creationDate } : {}),
    ...(encoding === undefined ? {} : { encoding }),
  };
}

/** BEP 12: announce-list tiers when any usable URL is in them (empty tiers dropped), else announce. */
function announceTiers(top: BDict): string[][] {
  const list = top.get('announce-list');
  const tiers = Array.isArray(list) ? list.map(textList).filter((tier) => tier.length > 0) : [];
  if (tiers.length > 0) return tiers;
  return textList(top.get('announce')).map((url) => [url]);
}

/** A string or a list of strings (url-list allows both) as non-empty UTF-8 texts; anything else is dropped. */
function textList(value: BValue | undefined): string[] {
  const items = value instanceof Uint8Array ? [value] : Array.isArray(value) ? value : [];
  return items
    .map((item) => (item instanceof Uint8Array ? utf8OrUndefined(item) : undefined))
    .filter((text): text is string => text !== undefined && text !== '');
}
