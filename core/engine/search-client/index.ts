/** The engine's client of a Shoal search server's JSON API (used by the engine and the CLI). */
export { SearchClientError, type SearchClientErrorCode, type RefusalDetails } from './errors.js';
export { searchServerUrl } from './http.js';
export { searchTorrents, SEARCH_TIMEOUT_MS, type SearchHit, type SearchPage, type SearchQuery } from './search.js';
export { publishTorrent, PUBLISH_TIMEOUT_MS, type PublishFields, type Published } from './publish.js';
export { downloadTorrent, DOWNLOAD_TIMEOUT_MS } from './download.js';
