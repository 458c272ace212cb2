import { refusal, endpoint, request } from './http.js';

export const DOWNLOAD_TIMEOUT_MS = 60_000;
/** core/protocol's DEFAULT_METAINFO_LIMITS.maxBytes: nothing larger would parse anyway. */
const MAX_TORRENT_BYTES = 16 * 1024 * 1024;

/**
 * The published .torrent of `infoHash`, byte for byte, from api/v1/torrents/<hash>/torrent:
 * how a bare infohash (or a search hit) becomes a torrent with trackers. The caller parses it.
 */
export async function downloadTorrent(base: URL, infoHash: string, signal?: AbortSignal): Promise<Uint8Array> {
  const url = endpoint(base, `api/v1/torrents/${encodeURIComponent(infoHash)}/torrent`);
  const answer = await request(url, {}, { timeoutMs: DOWNLOAD_TIMEOUT_MS, maxBytes: MAX_TORRENT_BYTES }, signal);
  if (answer.response.status !== 200) throw refusal(answer);
  return answer.bytes;
}
