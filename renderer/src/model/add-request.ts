import { MAX_TORRENT_BYTES, type AddTorrentParams } from '../../../core/api/index.js';
import { bytesToBase64 } from './bytes.js';
import { lines } from './form-check.js';

export interface AddOptions {
  /** Empty: the downloadDir setting. */
  savePath: string;
  paused: boolean;
}

export interface TorrentFile {
  name: string;
  bytes: Uint8Array;
}

/** One addTorrent call, with what to call it in messages. */
export interface AddItem {
  label: string;
  params: AddTorrentParams;
}

const INFOHASH = /^[0-9a-fA-F]{40}$/;

export function isMagnet(text: string): boolean {
  return text.trim().toLowerCase().startsWith('magnet:?');
}

/**
 * The calls for what was pasted (one magnet link or infohash per line) and the .torrent files
 * chosen or dropped; lines that are neither are named in `errors`.
 */
export function addItems(
  text: string,
  files: readonly TorrentFile[],
  options: AddOptions,
): { items: AddItem[]; errors: string[] } {
  const common = {
    ...(options.savePath.trim() === '' ? {} : { savePath: options.savePath.trim() }),
    ...(options.paused ? { paused: true } : {}),
  };
  const items: AddItem[] = [];
  const errors: string[] = [];
  for (const line of lines(text)) {
    if (isMagnet(line))
      items.push({ label: line.length > 60 ? `${line.slice(0, 57)}…` : line, params: { magnet: line, ...common } });
    else if (INFOHASH.test(line)) items.push({ label: line, params: { infoHash: line.toLowerCase(), ...common } });
    else errors.push(`“${line.slice(0, 60)}” is neither a magnet link (magnet:?xt=…) nor a 40-character infohash`);
  }
  for (const file of files) {
    if (file.bytes.length > MAX_TORRENT_BYTES)
      errors.push(`${file.name} is larger than a .torrent file can be (16 MiB)`);
    else items.push({ label: file.name, params: { torrent: bytesToBase64(file.bytes), ...common } });
  }
  return { items, errors };
}

/** Dropped or chosen files split into .torrent files (to add) and others (to create a torrent from). */
export function isTorrentFile(file: { name: string; type: string }): boolean {
  return file.name.toLowerCase().endsWith('.torrent') || file.type === 'application/x-bittorrent';
}
