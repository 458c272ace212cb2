import { ApiError, type AddTorrentParams, type FilePriority, type Settings } from '../../api/index.js';
import { ProtocolError } from '../../protocol/errors.js';
import { parseMagnet } from '../../protocol/magnet.js';
import { parseMetainfo, type Metainfo } from '../../protocol/metainfo.js';
import { downloadTorrent, searchServerUrl } from '../search-client/index.js';
import { Storage } from '../storage/storage.js';
import { defaultPriorities } from '../torrent/file-priorities.js';
import type { LibraryEntry } from './library.js';

/** What an addTorrent call names, resolved: the infohash, and the metadata when it came along. */
export interface ResolvedSource {
  infoHash: string;
  name: string;
  metainfo?: Metainfo;
  magnet?: string;
  trackers: string[][];
  priorities?: FilePriority[];
  /** Files to download once the metadata of a magnet arrives (BEP 53 `so`, or the call's `files`). */
  select?: number[];
}

/**
 * Parses the .torrent, magnet link or bare infohash of an addTorrent call; bad input is ApiError
 * 'bad-request'. A bare infohash is looked up on the search server first (its .torrent brings
 * the metadata and trackers); without one, or when it does not know the torrent, the default
 * trackers are asked for peers and the peers for the metadata.
 */
export async function resolveSource(
  params: AddTorrentParams,
  settings: Pick<Settings, 'trackers' | 'searchServer'>,
): Promise<ResolvedSource> {
  if (params.infoHash !== undefined && settings.searchServer) {
    const torrent = await downloadTorrent(searchServerUrl(settings.searchServer), params.infoHash).catch(
      () => undefined,
    );
    if (torrent) {
      const { infoHash, ...rest } = params;
      const found = await resolveSource({ ...rest, torrent: Buffer.from(torrent).toString('base64') }, settings);
      if (found.infoHash !== infoHash) {
        throw new ApiError('bad-request', `the search server answered torrent ${found.infoHash} for ${infoHash}`);
      }
      return found;
    }
  }
  const extra = (params.trackers ?? []).map((t) => [t]);
  try {
    if (params.torrent !== undefined) {
      const metainfo = parseMetainfo(Buffer.from(params.torrent, 'base64'));
      const count = metainfo.info.files.length;
      const bad = params.files?.find((i) => i >= count);
      if (bad !== undefined)
        throw new ApiError('bad-request', `files: the torrent has no file ${bad} (it has ${count})`);
      return {
        infoHash: metainfo.infoHash,
        name: metainfo.info.name,
        metainfo,
        trackers: [...metainfo.announce, ...extra],
        priorities: defaultPriorities(count, params.files),
      };
    }
    if (params.magnet !== undefined) {
      const magnet = parseMagnet(params.magnet);
      return {
        infoHash: magnet.infoHash,
        name: magnet.name ?? magnet.infoHash,
        magnet: params.magnet,
        trackers: [...magnet.trackers.map((t) => [t]), ...extra],
        ...selectOf(params.files ?? magnet.select),
      };
    }
    const infoHash = params.infoHash!;
    return {
      infoHash,
      name: infoHash,
      trackers: [...settings.trackers.map((t) => [t]), ...extra],
      ...selectOf(params.files),
    };
  } catch (e) {
    if (e instanceof ProtocolError) throw new ApiError('bad-request', e.message);
    throw e;
  }
}

function selectOf(files: number[] | undefined): { select?: number[] } {
  return files === undefined ? {} : { select: files };
}

/** A stored torrent's trackers: its metainfo's, else its magnet link's, else the default trackers. */
export function trackersOf(
  entry: LibraryEntry,
  metainfo: Metainfo | undefined,
  defaults: readonly string[],
): string[][] {
  if (metainfo && metainfo.announce.length > 0) return metainfo.announce;
  if (entry.magnet) {
    const trackers = parseMagnet(entry.magnet).trackers;
    if (trackers.length > 0) return trackers.map((t) => [t]);
  }
  return defaults.map((t) => [t]);
}

/** remove with deleteData: the torrent's own files and part file, never anything else. */
export async function deleteTorrentData(metainfo: Metainfo, savePath: string, partFilePath: string): Promise<void> {
  const storage = await Storage.open(metainfo.info, savePath, { partFilePath });
  try {
    await storage.deleteData();
  } finally {
    await storage.close();
  }
}
