import type { Response } from 'express';
import type { TorrentDetail } from '../db/types.js';
import type { AppContext } from './context.js';
import { HttpError } from './errors.js';

/**
 * `Content-Disposition` per RFC 6266: a plain-ASCII `filename` for old clients (anything outside
 * printable ASCII, quotes, backslashes and path separators become `_`) and the exact name as
 * `filename*=UTF-8''…` (RFC 8187 percent-encoding) for everyone else.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\/%;]/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}.torrent"; filename*=UTF-8''${encoded}.torrent`;
}

/** Sends the stored .torrent bytes exactly as they were published. */
export function sendTorrentFile(ctx: AppContext, res: Response, torrent: TorrentDetail): void {
  const bytes = ctx.db.torrents.getTorrentBytes(torrent.id);
  if (!bytes) throw new HttpError(404, 'not-found', 'the .torrent file of this entry is gone');
  res.status(200);
  res.setHeader('Content-Type', 'application/x-bittorrent');
  res.setHeader('Content-Disposition', contentDisposition(torrent.name));
  res.setHeader('Content-Length', bytes.length);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
