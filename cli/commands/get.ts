import { readFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { AddTorrentParams } from '../../core/api/index.js';
import { isInfoHashHex } from '../../core/protocol/hex.js';
import { parseMagnet } from '../../core/protocol/magnet.js';
import { parseMetainfo } from '../../core/protocol/metainfo.js';
import type { Session } from '../../core/engine/session/session.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { addOrResume, ENGINE_HELP, ENGINE_OPTIONS, openEngine, runEngine } from '../engine-host.js';
import { printable } from '../format.js';

const HELP = `Usage: shoal get <magnet | file.torrent | infohash> [--out DIR] [options]

Downloads from peers over WebRTC, every piece verified, and exits 0 once every selected file is
complete (with --seed, keeps seeding until Ctrl-C). Ctrl-C saves resume data: run the same
command again to continue where it stopped, without hashing what was already verified.

Options:
  --out <dir>            Folder to download into (default: .)
  --only <glob>          Download only the files whose path inside the torrent matches
                         (repeatable), e.g. --only '*.mkv' --only 'Season 1/**'
  --seed                 Keep seeding after the download is complete
  --sequential           Fetch pieces in order (for playing while downloading)
${ENGINE_HELP}
  -h, --help             Show this help

A bare infohash needs --tracker: without a .torrent or magnet link nothing else names one.`;

export const command: Command = {
  name: 'get',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...ENGINE_OPTIONS,
      out: { type: 'string' },
      only: { type: 'string', multiple: true },
      seed: { type: 'boolean' },
      sequential: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError('give one magnet link, .torrent file or infohash');
    const source = await readSource(positionals[0]!);
    const trackers = values.tracker ?? [];
    if (source.kind === 'infohash' && trackers.length === 0)
      throw new UsageError('a bare infohash needs --tracker URL');
    const only = values.only?.length ? picomatch(values.only, { dot: true }) : undefined;
    if (only && source.paths) {
      const files = source.paths.flatMap((p, i) => (only(p) ? [i] : []));
      if (files.length === 0) throw new UsageError("--only matches none of the torrent's files");
      source.params.files = files;
    }
    const session = await openEngine(values);
    const { infoHash } = source;
    const finished = watch(session, infoHash, values.seed === true, source.paths ? undefined : only);
    try {
      const how = await addOrResume(session, infoHash, {
        ...source.params,
        savePath: path.resolve(values.out ?? '.'),
        trackers,
        ...(values.sequential ? { sequential: true } : {}),
      });
      process.stderr.write(`${how === 'added' ? 'Downloading' : 'Resuming'} ${infoHash}\n`);
    } catch (e) {
      await session.close();
      throw e;
    }
    return runEngine(session, infoHash, finished);
  },
};

interface Source {
  kind: 'torrent' | 'magnet' | 'infohash';
  infoHash: string;
  params: Pick<AddTorrentParams, 'torrent' | 'magnet' | 'infoHash' | 'files'>;
  /** File paths inside the torrent, when the .torrent is at hand. */
  paths?: string[];
}

async function readSource(arg: string): Promise<Source> {
  if (arg.startsWith('magnet:')) {
    return { kind: 'magnet', infoHash: parseMagnet(arg).infoHash, params: { magnet: arg } };
  }
  if (isInfoHashHex(arg.toLowerCase())) {
    const infoHash = arg.toLowerCase();
    return { kind: 'infohash', infoHash, params: { infoHash } };
  }
  const bytes = await readFile(arg).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`"${arg}" is not a magnet link, an infohash or a readable .torrent (${e.code ?? e.message})`);
  });
  const metainfo = parseMetainfo(bytes);
  return {
    kind: 'torrent',
    infoHash: metainfo.infoHash,
    params: { torrent: Buffer.from(bytes).toString('base64') },
    paths: metainfo.info.files.map((f) => f.path.join('/')),
  };
}

/**
 * Resolves with the exit status: 0 once the download is done (unless seeding on), 1 on an error.
 * `only` (for magnets and infohashes) is applied the moment the metadata is known, before any
 * piece is asked for.
 */
function watch(session: Session, infoHash: string, seed: boolean, only?: (p: string) => boolean): Promise<number> {
  return new Promise((resolve) => {
    let selected = false;
    const select = async () => {
      if (!only || selected) return;
      const details = await session.getTorrent({ infoHash });
      if (details.files.length === 0) return;
      selected = true;
      const files = details.files.map((f) => ({
        index: f.index,
        priority: only(f.path) ? f.priority : ('skip' as const),
      }));
      if (files.every((f) => f.priority === 'skip')) {
        process.stderr.write("shoal get: --only matches none of the torrent's files\n");
        return resolve(2);
      }
      await session.selectFiles({ infoHash, files });
    };
    let reported = false;
    const reportCheck = async () => {
      const details = await session.getTorrent({ infoHash });
      if (reported || !details.lastCheck) return;
      reported = true;
      const { piecesHashed, piecesTrusted } = details.lastCheck;
      process.stderr.write(
        `Data on disk: checked ${piecesHashed} of ${details.pieces.count} pieces, ${piecesTrusted} taken from resume data\n`,
      );
    };
    session.events.on('torrent:added', (e) => e.torrent.infoHash === infoHash && void select());
    session.events.on('torrent:state', (e) => {
      if (e.infoHash !== infoHash) return;
      void select();
      if (e.state === 'downloading' || e.state === 'seeding') void reportCheck();
    });
    session.events.on('torrent:error', (e) => {
      if (e.infoHash !== infoHash) return;
      process.stderr.write(`shoal get: ${printable(e.message)}\n`);
      resolve(1);
    });
    session.events.on('torrent:done', (e) => {
      if (e.infoHash !== infoHash) return;
      process.stderr.write(`Done: ${printable(e.name)}\n`);
      if (!seed) resolve(0);
    });
  });
}
