import type { BDict, BValue } from './bencode.js';
import { MetainfoError } from './errors.js';
import type { InfoDict, TorrentFile } from './metainfo.js';
import { kindOf, optionalText, requireBytes, requireInt, requireList, utf8OrUndefined } from './metainfo-fields.js';
import { checkElement, checkPathCollisions } from './metainfo-paths.js';

/** Above this a single piece is absurd (BEP 3 sets no limit; common clients stop at 16–128 MiB). */
export const MAX_PIECE_LENGTH = 512 * 1024 * 1024;
const DIGEST = 20;

/** Validates the `info` dict and returns it in Shoal's form. Throws MetainfoError naming the defect. */
export function parseInfo(info: BDict, maxFiles: number): InfoDict {
  const name = readName(info);
  const pieceLength = readPieceLength(info);
  const pieces = requireBytes(info, 'pieces', 'info');
  if (pieces.length % DIGEST !== 0) {
    throw new MetainfoError('bad-pieces', `info "pieces" is ${pieces.length} bytes, not a multiple of ${DIGEST}`);
  }
  const multiFile = readLayout(info);
  const files = multiFile ? readFiles(info, maxFiles) : [{ path: [name], length: readLength(info, 'info'), offset: 0 }];
  const last = files[files.length - 1]!;
  const length = last.offset + last.length;
  if (!Number.isSafeInteger(length))
    throw new MetainfoError('bad-length', 'the total length of the files is too large');
  if (length === 0) throw new MetainfoError('bad-length', 'the torrent holds no data (total length 0)');
  const pieceCount = pieces.length / DIGEST;
  const needed = Math.ceil(length / pieceLength);
  if (pieceCount !== needed) {
    throw new MetainfoError(
      'pieces-mismatch',
      `info "pieces" holds ${pieceCount} hashes but ${length} bytes in pieces of ${pieceLength} need ${needed}`,
    );
  }
  const source = optionalText(info, 'source');
  return {
    name,
    pieceLength,
    pieces,
    pieceCount,
    length,
    files,
    multiFile,
    private: readPrivate(info),
    ...(source === undefined ? {} : { source }),
  };
}

function readName(info: BDict): string {
  const name = preferUtf8(info.get('name.utf-8')) ?? utf8OrUndefined(requireBytes(info, 'name', 'info'));
  if (name === undefined) throw new MetainfoError('bad-name', 'info "name" is not valid UTF-8');
  checkElement(name, 'bad-name', 'info "name"');
  return name;
}

function preferUtf8(value: BValue | undefined): string | undefined {
  return value instanceof Uint8Array ? utf8OrUndefined(value) : undefined;
}

function readPieceLength(info: BDict): number {
  const pieceLength = requireInt(info, 'piece length', 'info');
  if (pieceLength <= 0) {
    throw new MetainfoError('bad-piece-length', `info "piece length" ${pieceLength} is not positive`);
  }
  if (pieceLength > MAX_PIECE_LENGTH) {
    throw new MetainfoError('bad-piece-length', `info "piece length" ${pieceLength} is over the cap of 512 MiB`);
  }
  return pieceLength;
}

/** True for multi-file. Exactly one of `length` and `files` must be there. */
function readLayout(info: BDict): boolean {
  const hasFiles = info.has('files');
  const hasLength = info.has('length');
  if (hasFiles && hasLength) throw new MetainfoError('bad-layout', 'info has both "length" and "files"');
  if (!hasFiles && !hasLength) {
    throw new MetainfoError('missing-key', 'info is missing the key "length" (single file) or "files" (multi-file)');
  }
  return hasFiles;
}

function readLength(dict: BDict, where: string): number {
  const length = requireInt(dict, 'length', where);
  if (length < 0) throw new MetainfoError('bad-length', `${where} "length" ${length} is negative`);
  return length;
}

function readPrivate(info: BDict): boolean {
  const value = info.get('private');
  if (value === undefined) return false;
  // Refused rather than ignored: reading a mistyped flag as "public" would leak a private swarm.
  if (typeof value !== 'number')
    throw new MetainfoError('bad-type', `info "private" must be an integer, not ${kindOf(value)}`);
  return value !== 0;
}

function readFiles(info: BDict, maxFiles: number): TorrentFile[] {
  const list = requireList(info, 'files', 'info');
  if (list.length === 0) throw new MetainfoError('bad-files', 'info "files" is empty');
  if (list.length > maxFiles) {
    throw new MetainfoError('too-many-files', `info "files" lists ${list.length} files, over the cap of ${maxFiles}`);
  }
  let offset = 0;
  const files = list.map((entry, i): TorrentFile => {
    const where = `info.files[${i}]`;
    if (!(entry instanceof Map))
      throw new MetainfoError('bad-type', `${where} must be a dictionary, not ${kindOf(entry)}`);
    const length = readLength(entry, where);
    const file = { path: readPath(entry, where), length, offset };
    offset += length;
    return file;
  });
  checkPathCollisions(files.map((f) => f.path));
  return files;
}

/** `path.utf-8` when present and entirely valid, else `path`; either way every element is checked. */
function readPath(entry: BDict, where: string): string[] {
  const alternative = entry.get('path.utf-8');
  const preferred = Array.isArray(alternative) && alternative.length > 0 ? alternative.map(preferUtf8) : [];
  const path = preferred.length > 0 && preferred.every((e) => e !== undefined) ? (preferred as string[]) : undefined;
  const elements = path ?? readRawPath(entry, where);
  elements.forEach((element, j) => checkElement(element, 'bad-path', `${where}.path[${j}]`));
  return elements;
}

function readRawPath(entry: BDict, where: string): string[] {
  const list = requireList(entry, 'path', where);
  if (list.length === 0) throw new MetainfoError('bad-path', `${where} "path" is empty`);
  return list.map((element, j) => {
    if (!(element instanceof Uint8Array)) {
      throw new MetainfoError('bad-type', `${where}.path[${j}] must be a string, not ${kindOf(element)}`);
    }
    const text = utf8OrUndefined(element);
    if (text === undefined) throw new MetainfoError('bad-path', `${where}.path[${j}] is not valid UTF-8`);
    return text;
  });
}
