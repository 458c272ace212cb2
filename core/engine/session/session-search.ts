import { ApiError, type CommandParams, type CommandResult, type Settings } from '../../api/index.js';
import { formatMagnet } from '../../protocol/magnet.js';
import type { Metainfo } from '../../protocol/metainfo.js';
import { publishTorrent, searchTorrents, SearchClientError } from '../search-client/index.js';

/** The configured search server as a base URL, or ApiError 'not-ready' when none is set. */
export function base(settings: Settings): URL {
  if (!settings.searchServer)
    throw new ApiError('not-ready', 'no search server is configured (settings: searchServer)');
  const url = new URL(settings.searchServer);
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}

/** Search client failures as the API's codes: a server that cannot be reached is 'unavailable'. */
function asApiError(e: unknown): unknown {
  if (!(e instanceof SearchClientError)) return e;
  const code = e.code === 'unreachable' || e.code === 'timeout' || e.code === 'bad-answer' ? 'unavailable' : e.code;
  return new ApiError(code === 'refused' && e.status === 401 ? 'unauthorized' : code, e.message);
}

export async function searchServer(
  settings: Settings,
  params: CommandParams<'search'>,
): Promise<CommandResult<'search'>> {
  try {
    const page = await searchTorrents(base(settings), {
      text: params.query,
      ...(params.category === undefined ? {} : { categories: [params.category] }),
      ...(params.sort === undefined ? {} : { sort: params.sort }),
      ...(params.limit === undefined ? {} : { limit: params.limit }),
      ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
    });
    return {
      items: page.items.map((h) => ({
        infoHash: h.infoHash,
        name: h.name,
        title: h.title,
        size: h.size,
        seeders: h.seeders,
        leechers: h.leechers,
        category: h.category,
        // Search answers carry no trackers; addTorrent({infoHash}) fetches the .torrent from the server.
        magnet: formatMagnet({
          infoHash: h.infoHash,
          name: h.name,
          trackers: settings.trackers,
          webSeeds: [],
          peers: [],
        }),
        url: h.url,
        createdAt: Date.parse(h.createdAt) || 0,
      })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      total: page.total,
      totalIsEstimate: page.totalIsEstimate,
    };
  } catch (e) {
    throw asApiError(e);
  }
}

export async function publishFromLibrary(
  settings: Settings,
  metainfo: Metainfo,
  params: CommandParams<'publish'>,
): Promise<CommandResult<'publish'>> {
  try {
    const published = await publishTorrent(base(settings), settings.publishToken, metainfo.raw, {
      title: params.title ?? metainfo.info.name,
      ...(params.category === undefined ? {} : { category: params.category }),
      ...(params.description === undefined ? {} : { description: params.description }),
      ...(params.tags === undefined ? {} : { tags: params.tags }),
    });
    return { url: published.url };
  } catch (e) {
    throw asApiError(e);
  }
}
