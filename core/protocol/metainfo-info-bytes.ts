import { createHash } from 'node:crypto';
import type { BValue } from './bencode.js';
import { concat, decode, encode } from './bencode.js';
import { MetainfoError } from './errors.js';
import { toHex } from './hex.js';
import type { Metainfo, MetainfoLimits } from './metainfo.js';
import { requireDict } from './metainfo-fields.js';
import { parseInfo } from './metainfo-info.js';
import { DEFAULT_METAINFO_LIMITS } from './metainfo-parse.js';

export interface InfoBytesFields {
  /** BEP 12 tiers; empty URLs and empty tiers are dropped. */
  announce?: string[][];
  urlList?: string[];
}

/**
 * A Metainfo from a bare info dict, as fetched from peers for a magnet link (BEP 9). The bytes must
 * hash to `expectedInfoHash` ('infohash-mismatch'), be exactly one bencoded value, and pass the very
 * checks parseMetainfo makes of `info` (same caps, same errors). `raw` is a complete .torrent,
 * `d [announce] [announce-list] 4:info <infoBytes verbatim> [url-list] e`, so its infohash is the expected one.
 */
export function metainfoFromInfoBytes(
  infoBytes: Uint8Array,
  expectedInfoHash: Uint8Array,
  fields: InfoBytesFields = {},
  limits: MetainfoLimits = {},
): Metainfo {
  const maxBytes = limits.maxBytes ?? DEFAULT_METAINFO_LIMITS.maxBytes;
  const maxFiles = limits.maxFiles ?? DEFAULT_METAINFO_LIMITS.maxFiles;
  const maxDepth = limits.maxDepth ?? DEFAULT_METAINFO_LIMITS.maxDepth;
  if (infoBytes.length > maxBytes) {
    throw new MetainfoError('too-large', `the info dict is ${infoBytes.length} bytes, over the cap of ${maxBytes}`);
  }
  const infoHashBytes = new Uint8Array(createHash('sha1').update(infoBytes).digest());
  if (toHex(infoHashBytes) !== toHex(expectedInfoHash)) {
    throw new MetainfoError(
      'infohash-mismatch',
      `the info dict hashes to ${toHex(infoHashBytes)}, not the expected ${toHex(expectedInfoHash)}`,
    );
  }
  // Through the same accessor parseMetainfo uses, so a non-dict gets the same error.
  const dict = requireDict(new Map<string, BValue>([['info', decode(infoBytes, { maxDepth })]]), 'info', 'the torrent');
  const info = parseInfo(dict, maxFiles);
  const announce = (fields.announce ?? []).map((tier) => tier.filter((url) => url !== '')).filter((t) => t.length > 0);
  const urlList = (fields.urlList ?? []).filter((url) => url !== '');
  return {
    infoHash: toHex(infoHashBytes),
    infoHashBytes,
    info,
    announce,
    urlList,
    raw: torrentBytes(infoBytes, announce, urlList),
  };
}

/** Keys in sorted order (announce, announce-list, info, url-list), as encodeMetainfo writes them. */
function torrentBytes(infoBytes: Uint8Array, announce: string[][], urlList: string[]): Uint8Array {
  const first = announce[0]?.[0];
  const before = {
    announce: first,
    'announce-list': announce.flat().length > 1 ? announce : undefined,
  };
  const after = { 'url-list': urlList.length === 0 ? undefined : urlList.length === 1 ? urlList[0] : urlList };
  // encode() sorts keys and would re-encode `info`; the info bytes must stay verbatim, so the dict is built around them.
  const open = encode(before);
  const close = encode(after);
  return concat([open.subarray(0, open.length - 1), encode('info'), infoBytes, close.subarray(1)]);
}
