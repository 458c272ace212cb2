/**
 * The control API: the one contract between the engine and every host and UI (Electron IPC, the
 * daemon's HTTP and WebSocket, the CLI, the renderer). Schemas (zod) are the source; types derive.
 */
export * from './commands.js';
export { MAX_FILES, MAX_RATE, MAX_TORRENT_BYTES, MAX_TRACKERS, TRACKER_SCHEMES } from './common.js';
export * from './errors.js';
export * from './events.js';
export { check, type Checked } from './issues.js';
export * from './parse.js';
export * from './search.js';
export * from './settings.js';
export * from './torrent-commands.js';
export * from './torrents.js';
