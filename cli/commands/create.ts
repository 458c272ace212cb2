import { existsSync } from 'node:fs';
import { link, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkCreateOptions, createTorrent, type CreatedTorrent } from '../../core/engine/create/create-torrent.js';
import { CreateError } from '../../core/engine/create/errors.js';
import { parsePieceLength } from '../../core/engine/create/piece-length.js';
import { magnetFromMetainfo } from '../../core/protocol/magnet.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { formatBytes } from '../../core/protocol/units.js';
import { parseThreads, runCancellable } from '../long-task.js';
import { ProgressBar } from '../progress.js';

const help = `Usage: shoal create <path> [options]

Creates a .torrent for a file or a folder, then prints its infohash and magnet link.
A progress bar is drawn on stderr when it is a terminal. Ctrl-C cancels and writes nothing.

Options:
  -o, --output FILE        where to write the torrent (default: <name>.torrent here);
                           an existing file is kept unless --force
  -a, --announce URLS      a tracker tier: one URL, or several separated by commas;
                           repeat the option for more tiers (http, https, udp, ws, wss)
  -w, --web-seed URL       a web seed (BEP 19), repeatable (http, https)
  -l, --piece-length SIZE  bytes or with a suffix: 16K ... 64M, a power of two from
                           16 KiB to 64 MiB (default: automatic, see below)
  -p, --private            private torrent: peers only from the listed trackers
  -c, --comment TEXT       a free-text comment
  -s, --source TEXT        source tag, part of the infohash (private trackers use it)
  -n, --name NAME          torrent name (default: the file or folder name)
      --no-date            leave out the creation date (same input, same bytes)
      --include-hidden     also take files and folders whose name starts with "."
  -t, --threads N          hashing threads, the main one included
                           (default: number of cores, at most 8)
  -f, --force              overwrite the output file
  -h, --help               this help

Automatic piece length: the smallest power of two from 16 KiB to 16 MiB that keeps the torrent
at 2,000 pieces or fewer (1 GiB → 1 MiB pieces, 4 GiB → 4 MiB).

Which files go in: every regular file below the folder, in bytewise order of their paths (as
mktorrent does, so the same files and options give the same infohash). Hidden names (".*",
such as .git) are left out unless --include-hidden; junk files (.DS_Store, ._*, Thumbs.db,
ehthumbs.db, desktop.ini) are always left out. Symbolic links are followed; a link looping back
to its own folder or pointing at nothing is an error. A folder with no files is an error.`;

const options = {
  output: { type: 'string', short: 'o' },
  announce: { type: 'string', short: 'a', multiple: true },
  'web-seed': { type: 'string', short: 'w', multiple: true },
  'piece-length': { type: 'string', short: 'l' },
  private: { type: 'boolean', short: 'p' },
  comment: { type: 'string', short: 'c' },
  source: { type: 'string', short: 's' },
  name: { type: 'string', short: 'n' },
  'no-date': { type: 'boolean' },
  'include-hidden': { type: 'boolean' },
  threads: { type: 'string', short: 't' },
  force: { type: 'boolean', short: 'f' },
} as const;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options);
  if (positionals.length !== 1) throw new UsageError('expected exactly one file or folder to share');
  const target = positionals[0]!;
  const pieceLength = pieceLengthOption(values['piece-length']);
  const threads = parseThreads(values.threads);
  const name = values.name ?? path.basename(path.resolve(target));
  const output = path.resolve(values.output ?? `${name}.torrent`);
  const announce = values.announce?.map((tier) => tier.split(',').map((url) => url.trim()));
  checkCreateOptions({ announce, webSeeds: values['web-seed'] });
  if (!values.force && existsSync(output)) {
    throw new CreateError('bad-option', `"${output}" already exists; use --force to overwrite it`);
  }
  const bar = new ProgressBar({ label: 'Hashing' });
  return runCancellable(bar, 'shoal create: cancelled; nothing written', async (signal) => {
    const created = await createTorrent(target, {
      name: values.name,
      pieceLength,
      threads,
      useCallingThread: true,
      announce,
      webSeeds: values['web-seed'],
      private: values.private,
      comment: values.comment,
      source: values.source,
      creationDate: values['no-date'] ? null : undefined,
      includeHidden: values['include-hidden'],
      signal,
      onProgress: (p) => bar.update(p.bytesHashed, p.totalBytes),
    });
    bar.finish();
    await writeNoClobber(output, created.bytes, values.force === true);
    report(created, output);
    return 0;
  });
}

function pieceLengthOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parsePieceLength(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Writes beside the target and moves it in place, so no half-written torrent is ever seen. */
async function writeNoClobber(output: string, bytes: Uint8Array, force: boolean): Promise<void> {
  const temporary = `${output}.${process.pid}.partial`;
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await (force ? rename(temporary, output) : link(temporary, output));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CreateError('bad-option', `"${output}" already exists; use --force`);
    throw new CreateError('unwritable', `cannot write "${output}": ${code ?? (e as Error).message}`);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

function report(created: CreatedTorrent, output: string): void {
  const { info, infoHash } = created.metainfo;
  process.stderr.write(
    `Wrote ${output}: ${info.files.length} file(s), ${formatBytes(info.length)}, ` +
      `${info.pieceCount} pieces of ${formatBytes(info.pieceLength)}\n`,
  );
  process.stdout.write(`infohash: ${infoHash}\nmagnet: ${magnetFromMetainfo(created.metainfo)}\n`);
}

export const command: Command = { name: 'create', help, run };
