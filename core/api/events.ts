import { z } from 'zod';
import { count, infoHash } from './common.js';
import { torrentProgress, torrentState, torrentSummary } from './torrents.js';

/** What the engine tells its hosts without being asked, by event name. */
export const events = {
  'torrent:added': z.strictObject({ torrent: torrentSummary }),
  /** Batched: at most one entry per torrent per second, only torrents whose numbers changed. */
  'torrent:progress': z.strictObject({ torrents: z.array(torrentProgress) }),
  /** Every selected byte is there and verified. */
  'torrent:done': z.strictObject({ infoHash, name: z.string() }),
  'torrent:error': z.strictObject({ infoHash, code: z.string(), message: z.string() }),
  'torrent:removed': z.strictObject({ infoHash }),
  'torrent:state': z.strictObject({ infoHash, state: torrentState }),
  /** While createTorrent hashes: bytes hashed so far of the total, for the jobId it was given. */
  'create:progress': z.strictObject({ jobId: z.string(), hashed: count, total: count }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]>;
/** Event name → payload, the shape typed emitters and listeners take. */
export type ApiEventMap = { [K in EventName]: EventPayload<K> };
/** One event as it crosses a transport (IPC message, WebSocket frame). */
export type ApiEvent = { [K in EventName]: { event: K; payload: EventPayload<K> } }[EventName];
