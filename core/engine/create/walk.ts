import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { CreateError } from './errors.js';

/** One file that goes into a new torrent. */
export interface SourceFile {
  /** Where to read it. */
  absolutePath: string;
  /** Path elements below the torrent's root; for a single-file torrent, `[name]`. */
  path: string[];
  length: number;
}

export interface WalkOptions {
  /** Take files and folders whose name starts with "." too (junk files stay out). */
  includeHidden?: boolean;
}

export interface WalkResult {
  /** Base name of the target: the torrent's default name. */
  name: string;
  multiFile: boolean;
  /** In torrent order: full paths sorted bytewise (UTF-8), as mktorrent orders them. */
  files: SourceFile[];
}

/** Files that operating systems drop into folders by themselves; never shared. */
const JUNK = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini']);

function isJunk(name: string): boolean {
  return JUNK.has(name.toLowerCase()) || name.startsWith('._');
}

/**
 * Lists the files of a torrent-to-be. A file target gives a single-file torrent; a folder target
 * gives a multi-file torrent of every regular file below it, with these rules:
 * - names starting with "." (hidden files and folders such as `.git`) are left out unless
 *   `includeHidden`; junk (`.DS_Store`, `._*`, `Thumbs.db`, `ehthumbs.db`, `desktop.ini`) always is;
 * - symbolic links are followed (as mktorrent and transmission-create do); a link to one of its
 *   own ancestor folders is refused as a loop, a dangling link is refused;
 * - sockets, FIFOs and devices are skipped; zero-length files are kept.
 */
export async function walkSource(target: string, options: WalkOptions = {}): Promise<WalkResult> {
  const root = path.resolve(target);
  const name = path.basename(root);
  const rootStat = await statOrThrow(root);
  if (name === '') throw new CreateError('bad-option', `cannot share the file system root "${root}"`);
  if (rootStat.isFile()) {
    return { name, multiFile: false, files: [{ absolutePath: root, path: [name], length: rootStat.size }] };
  }
  if (!rootStat.isDirectory()) throw new CreateError('unreadable', `"${target}" is not a regular file or a folder`);
  const files: SourceFile[] = [];
  await walkFolder(root, [], new Set([await realpath(root)]), options, files);
  if (files.length === 0) {
    throw new CreateError(
      'no-files',
      `the folder "${target}" holds no files to share (hidden and junk files are skipped)`,
    );
  }
  const keyed = files.map((f) => ({ f, key: Buffer.from(f.path.join('/'), 'utf8') }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  return { name, multiFile: true, files: keyed.map((k) => k.f) };
}

async function walkFolder(
  dir: string,
  prefix: string[],
  ancestors: Set<string>,
  options: WalkOptions,
  out: SourceFile[],
): Promise<void> {
  const names = await readdirOrThrow(dir);
  const wanted = names.filter((n) => !isJunk(n) && (options.includeHidden === true || !n.startsWith('.')));
  const entries = await Promise.all(
    wanted.map(async (n) => ({ n, full: path.join(dir, n), st: await statOrThrow(path.join(dir, n)) })),
  );
  for (const { n, full, st } of entries) {
    if (n.includes('\uFFFD')) {
      throw new CreateError('bad-name', `file name "${full}" is not valid UTF-8`);
    }
    if (st.isFile()) {
      out.push({ absolutePath: full, path: [...prefix, n], length: st.size });
    } else if (st.isDirectory()) {
      const real = await realpath(full);
      if (ancestors.has(real)) {
        throw new CreateError('link-loop', `"${full}" links back to a folder that contains it`);
      }
      await walkFolder(full, [...prefix, n], new Set([...ancestors, real]), options, out);
    }
  }
}

async function statOrThrow(file: string): Promise<Stats> {
  try {
    return await stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const isLink = await lstat(file).then(
        (s) => s.isSymbolicLink(),
        () => false,
      );
      if (isLink) throw new CreateError('broken-link', `"${file}" is a symbolic link to nothing`);
      throw new CreateError('not-found', `"${file}" does not exist`);
    }
    if (code === 'ELOOP') throw new CreateError('link-loop', `"${file}" is a loop of symbolic links`);
    throw new CreateError('unreadable', `cannot read "${file}": ${code ?? (e as Error).message}`);
  }
}

async function readdirOrThrow(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    throw new CreateError('unreadable', `cannot list "${dir}": ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
}
