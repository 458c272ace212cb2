import type { FilePriority, TorrentDetails, TorrentProgress } from '../../../core/api/index.js';
import { ratioOf } from './torrent-store.js';

/** The details with a 'torrent:progress' entry applied: its numbers and per-file progress; peers stay the list. */
export function withProgress(details: TorrentDetails, entry: TorrentProgress): TorrentDetails {
  const { files, peers: _count, infoHash: _hash, ...numbers } = entry;
  return {
    ...details,
    ...numbers,
    ratio: ratioOf(entry.uploaded, entry.downloaded, details.length),
    files: files ? details.files.map((f, i) => ({ ...f, progress: files[i] ?? f.progress })) : details.files,
  };
}

/** The details with new priorities applied at once, before the engine confirms (it answers nothing but success). */
export function withPriorities(
  details: TorrentDetails,
  changes: readonly { index: number; priority: FilePriority }[],
): TorrentDetails {
  const byIndex = new Map(changes.map((c) => [c.index, c.priority]));
  return { ...details, files: details.files.map((f) => ({ ...f, priority: byIndex.get(f.index) ?? f.priority })) };
}
