import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiError,
  MAX_TORRENT_BYTES,
  toApiFailure,
  type ApiResponse,
  type CommandResult,
  type ShoalApi,
} from '../core/api/index.js';

/**
 * What the system hands the app to open: `magnet:` links (the protocol handler) and .torrent
 * files (the file association), from the command line, macOS's open-url and open-file events,
 * and a second launch's arguments forwarded to the running one.
 */
export type DeepLink = { kind: 'magnet'; magnet: string } | { kind: 'torrent-file'; path: string };

/** addTorrent's cap on a magnet link. */
const MAX_MAGNET_LENGTH = 64 * 1024;

/** A `magnet:` link, an absolute .torrent path, or undefined for anything else. */
export function linkFromOpenUrl(url: string): DeepLink | undefined {
  if (/^magnet:/i.test(url)) return url.length <= MAX_MAGNET_LENGTH ? { kind: 'magnet', magnet: url } : undefined;
  if (/^file:/i.test(url)) return torrentFileUrl(url);
  return undefined;
}

/** macOS's open-file: a path, which must name a .torrent file. */
export function linkFromOpenFile(file: string): DeepLink | undefined {
  return isTorrentPath(file) && path.isAbsolute(file)
    ? { kind: 'torrent-file', path: path.normalize(file) }
    : undefined;
}

/**
 * The links among a launch's arguments. Everything else is ignored: the executable and the app
 * path, Chromium's and our own `--flags`, other files. Relative .torrent paths are resolved
 * against `cwd` (the second instance's working folder). Duplicates are dropped.
 */
export function linksFromArgv(argv: readonly string[], cwd: string): DeepLink[] {
  const links = new Map<string, DeepLink>();
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    // A scheme of two letters or more is a URL (one letter is a Windows drive): magnet: and file: count.
    const link = /^[a-z][a-z0-9+.-]+:/i.test(arg) ? linkFromOpenUrl(arg) : linkFromOpenFile(path.resolve(cwd, arg));
    if (link !== undefined) links.set(link.kind === 'magnet' ? link.magnet : link.path, link);
  }
  return [...links.values()];
}

/**
 * Holds links that arrive before the engine is open (macOS sends open-file before 'ready'),
 * then hands every link to the handler as it comes.
 */
export class LinkInbox {
  private waiting: DeepLink[] = [];
  private handler: ((link: DeepLink) => void) | undefined;

  /** Undefined entries (what the link parsers answer for junk) are skipped. */
  push(...links: (DeepLink | undefined)[]): void {
    for (const link of links) {
      if (link === undefined) continue;
      if (this.handler) this.handler(link);
      else this.waiting.push(link);
    }
  }

  /** From now on links go to `handler`; those waiting go first, in order. */
  open(handler: (link: DeepLink) => void): void {
    this.handler = handler;
    const waiting = this.waiting;
    this.waiting = [];
    for (const link of waiting) handler(link);
  }
}

/** Adds the link's torrent to the library with the default settings; failures come back as ApiFailure. */
export async function addDeepLink(
  api: Pick<ShoalApi, 'addTorrent'>,
  link: DeepLink,
): Promise<ApiResponse<CommandResult<'addTorrent'>>> {
  try {
    const params = link.kind === 'magnet' ? { magnet: link.magnet } : { torrent: await readTorrentFile(link.path) };
    return { ok: true, result: await api.addTorrent(params) };
  } catch (error) {
    return toApiFailure(error);
  }
}

/** The file as base64, its type and size checked on the handle it is read through. */
async function readTorrentFile(file: string): Promise<string> {
  let handle;
  try {
    // Non-blocking, so that a FIFO named *.torrent cannot hang the app waiting for a writer.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ApiError('not-found', `cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    const size = stats.size;
    if (!stats.isFile()) throw new ApiError('bad-request', `${file} is not a file`);
    if (size > MAX_TORRENT_BYTES) {
      throw new ApiError('bad-request', `${file} is ${size} bytes: a .torrent file is at most ${MAX_TORRENT_BYTES}`);
    }
    return (await handle.readFile()).toString('base64');
  } finally {
    await handle.close();
  }
}

function isTorrentPath(file: string): boolean {
  return file.toLowerCase().endsWith('.torrent') && !file.includes('\0');
}

function torrentFileUrl(url: string): DeepLink | undefined {
  try {
    return linkFromOpenFile(fileURLToPath(url));
  } catch {
    return undefined;
  }
}
