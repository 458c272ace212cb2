import { realpath, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ioError } from './errors.js';

/** rmdir codes that mean "leave this folder": it holds other things, is gone, or is not a folder. */
const KEEP_FOLDER = new Set(['ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR']);

/**
 * Deletes a torrent's files below `root` (a real path), then the torrent's folders that are left
 * empty, deepest first; never `root` itself, and never through a link: a file or folder whose
 * folder is reached through a symbolic link is left alone, so nothing outside `root` is touched.
 */
export async function deleteTorrentFiles(root: string, files: readonly string[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of files) {
    const folder = path.dirname(file);
    for (let at = folder; at.startsWith(`${root}${path.sep}`); at = path.dirname(at)) folders.add(at);
    if (!(await isReal(folder))) continue;
    await removeFile(file);
  }
  const deepestFirst = [...folders].sort((a, b) => b.length - a.length);
  for (const folder of deepestFirst) {
    if (!(await isReal(folder))) continue;
    await rmdir(folder).catch((e: NodeJS.ErrnoException) => {
      if (!KEEP_FOLDER.has(e.code ?? '')) throw ioError(e, 'delete', folder);
    });
  }
}

/** Deletes one file (a link itself, not what it points to); a missing file is fine. */
export async function removeFile(file: string): Promise<void> {
  await unlink(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw ioError(e, 'delete', file);
  });
}

async function isReal(folder: string): Promise<boolean> {
  return (await realpath(folder).catch(() => undefined)) === folder;
}
