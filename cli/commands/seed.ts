import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseMetainfo } from '../../core/protocol/metainfo.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { addOrResume, ENGINE_HELP, ENGINE_OPTIONS, openEngine, runEngine } from '../engine-host.js';
import { printable } from '../format.js';

const HELP = `Usage: shoal seed <path | file.torrent> [--tracker URL]... [options]

Seeds until Ctrl-C. Given a file or folder, creates its torrent first (hashing it once) and seeds
it from where it is; given a .torrent, seeds the data found in --dir. Prints the magnet link to
hand to others ("shoal get <magnet>"). The torrent stays in the library of --data-dir.

Options:
  -o, --output <file>    Also write the .torrent file there
  --dir <dir>            With a .torrent: the folder that holds its data (default: .)
${ENGINE_HELP}
  -h, --help             Show this help`;

export const command: Command = {
  name: 'seed',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...ENGINE_OPTIONS,
      output: { type: 'string', short: 'o' },
      dir: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('give one file, folder or .torrent to seed');
    const target = positionals[0]!;
    const info = await stat(target).catch(() => {
      throw new UsageError(`"${target}" does not exist`);
    });
    const isTorrentFile = info.isFile() && target.endsWith('.torrent');
    if (!isTorrentFile && values.dir !== undefined) throw new UsageError('--dir goes with a .torrent file only');
    const trackers = values.tracker ?? [];
    const session = await openEngine(values);
    let infoHash: string;
    let magnet: string;
    try {
      if (isTorrentFile) {
        const bytes = await readFile(target);
        infoHash = parseMetainfo(bytes).infoHash;
        const torrent = Buffer.from(bytes).toString('base64');
        await addOrResume(session, infoHash, { torrent, savePath: path.resolve(values.dir ?? '.'), trackers });
        magnet = (await session.getTorrent({ infoHash })).magnet;
      } else {
        if (trackers.length === 0)
          throw new UsageError('give at least one --tracker URL to announce the new torrent to');
        const created = await session.createTorrent({ paths: [target], trackers: trackers.map((t) => [t]) });
        ({ infoHash, magnet } = created);
        if (values.output) await writeFile(values.output, Buffer.from(created.torrent, 'base64'));
      }
    } catch (e) {
      await session.close();
      throw e;
    }
    const details = await session.getTorrent({ infoHash });
    process.stdout.write(`${printable(details.name)}\ninfohash ${infoHash}\n${magnet}\n`);
    process.stderr.write('Seeding; press Ctrl-C to stop.\n');
    const failed = new Promise<number>((resolve) => {
      session.events.on('torrent:error', (e) => {
        if (e.infoHash !== infoHash) return;
        process.stderr.write(`shoal seed: ${e.message}\n`);
        resolve(1);
      });
    });
    return runEngine(session, infoHash, failed);
  },
};
