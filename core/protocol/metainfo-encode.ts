import type { BEncodable } from './bencode.js';
import { encode } from './bencode.js';
import type { MetainfoFields, NewInfo } from './metainfo.js';
import { parseMetainfo } from './metainfo-parse.js';

/**
 * Encodes a .torrent. The info dict is byte-identical to mktorrent's for the same files and piece
 * length (so both give the same infohash): sorted keys, `private` only when set, `source` only when
 * given. Like mktorrent, `announce` is the first URL and `announce-list` appears only when there is
 * more than one URL. The result is parsed back, so Shoal never writes a torrent it would refuse.
 */
export function encodeMetainfo(info: NewInfo, fields: MetainfoFields = {}): Uint8Array {
  const trackers = flattenAnnounce(fields.announce ?? []);
  const urlList = fields.urlList ?? [];
  const top: Record<string, BEncodable | undefined> = {
    announce: trackers[0],
    'announce-list': trackers.length > 1 ? fields.announce!.filter((tier) => tier.length > 0) : undefined,
    comment: fields.comment,
    'created by': fields.createdBy,
    'creation date': fields.creationDate,
    info: infoDict(info),
    'url-list': urlList.length === 0 ? undefined : urlList.length === 1 ? urlList[0] : urlList,
  };
  const bytes = encode(top);
  parseMetainfo(bytes);
  return bytes;
}

function infoDict(info: NewInfo): Record<string, BEncodable | undefined> {
  return {
    ...(info.multiFile
      ? { files: info.files.map((f) => ({ length: f.length, path: f.path })) }
      : { length: info.files[0]?.length ?? 0 }),
    name: info.name,
    'piece length': info.pieceLength,
    pieces: info.pieces,
    private: info.private === true ? 1 : undefined,
    source: info.source,
  };
}

/** All tracker URLs of all tiers, each once, in tier order. */
export function flattenAnnounce(tiers: readonly (readonly string[])[]): string[] {
  return [...new Set(tiers.flat())];
}
