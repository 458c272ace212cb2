import { lstat, mkdir, realpath } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { InfoDict } from '../../protocol/metainfo.js';
import { ioError, StorageError } from './errors.js';

/**
 * Where each file of a torrent lives below a download folder: `<root>/<name>` for a single-file
 * torrent, `<root>/<name>/<path...>` for a multi-file one. Every result is checked to stay inside
 * the root even though the metainfo parser already refused hostile path elements: defence in depth.
 */
export function torrentFilePaths(info: Pick<InfoDict, 'name' | 'files' | 'multiFile'>, root: string): string[] {
  return info.files.map((f) => resolveInside(root, info.multiFile ? [info.name, ...f.path] : [info.name]));
}

export function resolveInside(root: string, elements: readonly string[]): string {
  const full = path.resolve(root, ...elements);
  if (!isInside(root, full)) {
    throw new StorageError('outside-root', `path "${elements.join('/')}" would leave the download folder`);
  }
  return full;
}

function isInside(root: string, full: string): boolean {
  const rel = path.relative(root, full);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Guards against folders inside the download folder that are symbolic links leading out of it.
 * The root is resolved once; each folder a file sits in is resolved once (cached) before the file
 * is first opened, and files themselves are opened with O_NOFOLLOW by the callers.
 */
export class FolderGuard {
  private readonly checked = new Set<string>();

  private constructor(readonly realRoot: string) {}

  static async create(root: string): Promise<FolderGuard> {
    try {
      return new FolderGuard(await realpath(root));
    } catch (e) {
      throw new StorageError('io', `cannot open the download folder "${root}": ${(e as NodeJS.ErrnoException).code}`);
    }
  }

  /** Checks the deepest existing ancestor of `dir` (and, with `create`, makes the folder). Returns false if missing. */
  async check(dir: string, create: boolean): Promise<boolean> {
    if (this.checked.has(dir)) return true;
    const existing = await deepestExisting(dir);
    if (existing.real !== this.realRoot && !isInside(this.realRoot, existing.real)) {
      throw new StorageError('outside-root', `folder "${dir}" leads out of the download folder through a link`);
    }
    if (existing.path !== dir) {
      if (!create) return false;
      await mkdir(dir, { recursive: true }).catch((e: unknown) => {
        throw ioError(e, 'create folder', dir);
      });
    }
    this.checked.add(dir);
    return true;
  }

  /** What is at `file` (not following a link there), if its folder exists inside the download folder. */
  async lstat(file: string): Promise<Stats | undefined> {
    const inside = await this.check(path.dirname(file), false).catch((e: unknown) => {
      if (e instanceof StorageError && e.code === 'outside-root') return false;
      throw e;
    });
    return inside ? await lstat(file).catch(() => undefined) : undefined;
  }

  /** Forgets which folders were checked, after folders were deleted. */
  forget(): void {
    this.checked.clear();
  }
}

async function deepestExisting(dir: string): Promise<{ path: string; real: string }> {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      return { path: at, real: await realpath(at) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(at) === at) {
        throw new StorageError('io', `cannot resolve folder "${at}": ${code}`);
      }
    }
  }
}
