import { z } from 'zod';
import { done, noParams } from './common.js';
import { publishParams, publishResult, searchParams, searchResult } from './search.js';
import { settingsSchema, settingsPatchSchema } from './settings.js';
import {
  addTorrentParams,
  addTorrentResult,
  byInfoHash,
  createTorrentParams,
  createTorrentResult,
  removeParams,
  selectFilesParams,
  setLimitsParams,
  setSequentialParams,
} from './torrent-commands.js';
import { torrentDetails, torrentSummary } from './torrents.js';

/**
 * Every command of the control API: its params and its result. Hosts (Electron IPC, the daemon's
 * HTTP) validate each call against `params` with parseCommand; the engine implements ShoalApi.
 */
export const commands = {
  /** Every torrent in the library, in the order they were added. */
  listTorrents: { params: noParams, result: z.array(torrentSummary) },
  getTorrent: { params: byInfoHash, result: torrentDetails },
  addTorrent: { params: addTorrentParams, result: addTorrentResult },
  /** Creates a .torrent from a file or folder; seeds it from there unless seed is false. */
  createTorrent: { params: createTorrentParams, result: createTorrentResult },
  pause: { params: byInfoHash, result: done },
  resume: { params: byInfoHash, result: done },
  /** Verifies the data on disk again, piece by piece. */
  recheck: { params: byInfoHash, result: done },
  remove: { params: removeParams, result: done },
  selectFiles: { params: selectFilesParams, result: done },
  setSequential: { params: setSequentialParams, result: done },
  setLimits: { params: setLimitsParams, result: done },
  /** The settings, publishToken masked. */
  getSettings: { params: noParams, result: settingsSchema },
  /** Changes the given settings and answers all of them, as getSettings does. */
  setSettings: { params: settingsPatchSchema, result: settingsSchema },
  search: { params: searchParams, result: searchResult },
  publish: { params: publishParams, result: publishResult },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

export type CommandName = keyof typeof commands;
export type CommandParams<K extends CommandName> = z.infer<(typeof commands)[K]['params']>;
export type CommandResult<K extends CommandName> = z.infer<(typeof commands)[K]['result']>;

/** Commands whose params have no fields at all take none; every other one takes its params object. */
type Method<K extends CommandName> = [keyof (typeof commands)[K]['params']['shape']] extends [never]
  ? () => Promise<CommandResult<K>>
  : (params: CommandParams<K>) => Promise<CommandResult<K>>;

/** The control API: one async method per command. Failures reject with an ApiError (or another CodedError). */
export type ShoalApi = { [K in CommandName]: Method<K> };

/** A validated call, narrowed by name. */
export type ApiCall = { [K in CommandName]: { name: K; params: CommandParams<K> } }[CommandName];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
