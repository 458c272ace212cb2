import { homedir } from 'node:os';
import path from 'node:path';
import type { AddTorrentParams, TorrentProgress } from '../core/api/index.js';
import { Session } from '../core/engine/session/session.js';
import { formatBytes, parseByteSize } from '../core/protocol/units.js';
import { defaultDataDir } from '../search-server/config.js';
import { UsageError } from './command.js';
import { CANCELLED } from './long-task.js';

/** Flags `seed` and `get` share: where the engine keeps its library, and how peers are reached. */
export const ENGINE_OPTIONS = {
  tracker: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
  'ice-server': { type: 'string', multiple: true },
  'download-limit': { type: 'string' },
  'upload-limit': { type: 'string' },
} as const;

export const ENGINE_HELP = `  --tracker <url>        Tracker to announce to (repeatable; ws:// or wss:// finds WebRTC peers,
                         http(s):// and udp:// are announced to as well)
  --data-dir <dir>       Where the engine keeps its library and resume data (default:
                         $SHOAL_DATA_DIR or the OS user-data folder for shoal). One running
                         Shoal per data folder: a second peer on this machine needs its own.
  --ice-server <url>     STUN/TURN server for WebRTC (repeatable); "none" for none (a LAN);
                         default: what the settings say (none until set)
  --download-limit <r>   Bytes per second, e.g. 500K or 2M (default: no limit)
  --upload-limit <r>     Bytes per second (default: no limit)`;

export interface EngineFlags {
  tracker?: string[];
  'data-dir'?: string;
  'ice-server'?: string[];
  'download-limit'?: string;
  'upload-limit'?: string;
}

/** Opens the engine in this process with the flags applied to its settings; Ctrl-C closes it cleanly. */
export async function openEngine(flags: EngineFlags): Promise<Session> {
  const dataDir = path.resolve(flags['data-dir'] ?? defaultDataDir());
  const session = await Session.open({
    dataDir,
    defaultDownloadDir: path.join(homedir(), 'Downloads'),
    startAll: false,
  });
  try {
    await session.setSettings({
      ...(flags['ice-server'] ? { iceServers: iceServers(flags['ice-server']) } : {}),
      ...(flags['download-limit'] ? { downloadLimit: rate(flags['download-limit'], '--download-limit') } : {}),
      ...(flags['upload-limit'] ? { uploadLimit: rate(flags['upload-limit'], '--upload-limit') } : {}),
    });
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}

/**
 * Adds the torrent, or resumes it when the library has it already (a second `shoal seed` of the
 * same thing, a `shoal get` after Ctrl-C). Extra trackers apply to a new entry only.
 */
export async function addOrResume(
  session: Session,
  infoHash: string,
  params: Omit<AddTorrentParams, 'trackers'> & { trackers: string[] },
): Promise<'added' | 'resumed'> {
  const known = (await session.listTorrents()).find((t) => t.infoHash === infoHash);
  if (known) {
    if (known.savePath !== params.savePath) {
      throw new UsageError(
        `this torrent is already in the library, saving to ${known.savePath}; use that folder or another --data-dir`,
      );
    }
    await session.resume({ infoHash });
    return 'resumed';
  }
  const { trackers, ...rest } = params;
  await session.addTorrent({ ...rest, ...(trackers.length > 0 ? { trackers } : {}) } as AddTorrentParams);
  return 'added';
}

function iceServers(values: string[]): { urls: string }[] {
  if (values.length === 1 && values[0] === 'none') return [];
  return values.map((urls) => ({ urls }));
}

function rate(text: string, flag: string): number {
  const value = parseByteSize(text.replace(/\/s$/i, ''));
  if (value === undefined || value < 1) {
    throw new UsageError(`${flag} "${text}" is not a rate such as 500K or 2M (bytes per second)`);
  }
  return value;
}

/**
 * Runs until `finished` settles or Ctrl-C: draws a live status line (a terminal) or prints a plain
 * line every few seconds (a file or pipe), then closes the engine, which saves resume data.
 * Returns the exit status: `finished`'s, or 130 after Ctrl-C.
 */
export async function runEngine(
  session: Session,
  infoHash: string,
  finished: Promise<number>,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const line = new StatusLine(stream);
  const off = session.events.on('torrent:progress', ({ torrents }) => {
    const mine = torrents.find((t) => t.infoHash === infoHash);
    if (mine) line.show(mine);
  });
  // The engine's own timers and sockets do not hold the process open (a library host decides that): this does.
  const keepAlive = setInterval(() => undefined, 60_000);
  let onSignal: () => void = () => undefined;
  const interrupted = new Promise<number>((resolve) => {
    onSignal = () => resolve(CANCELLED);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  try {
    const status = await Promise.race([finished, interrupted]);
    line.clear();
    if (status === CANCELLED) stream.write('Stopping: saving resume data…\n');
    return status;
  } finally {
    clearInterval(keepAlive);
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.close();
  }
}

const PLAIN_EVERY_MS = 5000;

/** `  42.0%  ↓ 11.2 MiB/s  ↑ 0 B/s  3 peers  ETA 0:41` */
class StatusLine {
  private lastPlain = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  show(p: TorrentProgress): void {
    const text = [
      `${p.state.padEnd(11)}`,
      `${(p.progress * 100).toFixed(1).padStart(5)}%`,
      `down ${formatBytes(p.downloadSpeed)}/s`,
      `up ${formatBytes(p.uploadSpeed)}/s`,
      `${p.peers} peer${p.peers === 1 ? '' : 's'}`,
      `ETA ${eta(p.eta)}`,
    ].join('  ');
    if (this.stream.isTTY) {
      this.stream.write(`\r${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain < PLAIN_EVERY_MS) return;
    this.lastPlain = now;
    this.stream.write(`${text}\n`);
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

function eta(seconds: number | null): string {
  if (seconds === null) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
