import { MetainfoError } from './errors.js';
import { quote } from './metainfo-fields.js';

/**
 * Path safety for names a torrent asks us to create on disk. Each element is refused, never
 * "repaired": a quietly renamed file would not match what the publisher meant, and a sanitiser
 * that misses a case is how path traversal bugs happen (CVE-2009-1760, CVE-2010-0012).
 */

/** Most file systems refuse longer names (ext4, NTFS, APFS: 255). */
export const MAX_ELEMENT_BYTES = 255;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9]|conin\$|conout\$)(\.|$)/i;
/** Cc is exactly U+0000–U+001F, U+007F and U+0080–U+009F. */
const CONTROL = /\p{Cc}/u;
/** Bidi embeddings/overrides and isolates: they make "exe.txt" display as "txt.exe". */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/u;
const DRIVE = /^[a-z]:/i;
const utf8 = new TextEncoder();

/** Why a single path element (or a torrent name) is unsafe, or undefined when it is fine. */
export function unsafeElementReason(element: string): string | undefined {
  if (element === '') return 'is empty';
  if (element === '.' || element === '..') return 'is a relative directory reference';
  if (element.includes('/') || element.includes('\\')) return 'contains a path separator';
  if (DRIVE.test(element)) return 'starts with a drive letter (absolute on Windows)';
  const control = CONTROL.exec(element);
  if (control) return `contains the control character U+${hex4(control[0])}`;
  const bidi = BIDI.exec(element);
  if (bidi) return `contains the bidirectional control U+${hex4(bidi[0])}`;
  if (WINDOWS_RESERVED.test(element)) return 'is a reserved device name on Windows';
  if (/[. ]$/.test(element)) return 'ends with a dot or space (Windows strips them)';
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so only long names need encoding to measure.
  if (element.length * 3 > MAX_ELEMENT_BYTES && utf8.encode(element).length > MAX_ELEMENT_BYTES)
    return `is longer than ${MAX_ELEMENT_BYTES} bytes`;
  return undefined;
}

function hex4(ch: string): string {
  return ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

export function checkElement(element: string, code: string, where: string): void {
  const reason = unsafeElementReason(element);
  if (reason !== undefined) throw new MetainfoError(code, `${where} ${quote(element)} ${reason}`);
}

/**
 * Refuses two files with the same path, and a file that sits where another file needs a folder
 * (a/b and a/b/c). Paths that differ only in case or Unicode form are distinct files on Linux
 * and are accepted here: tools that create torrents there (mktorrent) accept them, and refusing
 * would make such a folder unshareable. Storage on a case-insensitive disk handles the clash.
 */
export function checkPathCollisions(paths: readonly (readonly string[])[]): void {
  const files = new Map<string, number>();
  const folders = new Map<string, number>();
  paths.forEach((path, index) => {
    const key = path.join('/');
    const other = files.get(key);
    if (other !== undefined) throw duplicate(paths, other, index);
    const folder = folders.get(key);
    if (folder !== undefined) throw conflict(index, path.join('/'), folder);
    let prefix = '';
    for (let depth = 0; depth < path.length - 1; depth++) {
      prefix += `${depth === 0 ? '' : '/'}${path[depth]!}`;
      const file = files.get(prefix);
      if (file !== undefined) throw conflict(file, paths[file]!.join('/'), index);
      if (!folders.has(prefix)) folders.set(prefix, index);
    }
    files.set(key, index);
  });
}

function duplicate(paths: readonly (readonly string[])[], first: number, second: number): MetainfoError {
  return new MetainfoError(
    'duplicate-path',
    `files[${first}] and files[${second}] have the same path ${quote(paths[first]!.join('/'))}`,
  );
}

function conflict(fileIndex: number, filePath: string, otherIndex: number): MetainfoError {
  return new MetainfoError(
    'path-conflict',
    `files[${fileIndex}] ${quote(filePath)} is a file but files[${otherIndex}] needs it to be a folder`,
  );
}
