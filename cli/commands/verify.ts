import { existsSync } from 'node:fs';
import path from 'node:path';
import { Storage } from '../../core/engine/storage/storage.js';
import type { Bitfield } from '../../core/protocol/bitfield.js';
import type { Metainfo } from '../../core/protocol/metainfo.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { printable } from '../format.js';
import { parseThreads, runCancellable } from '../long-task.js';
import { ProgressBar } from '../progress.js';
import { readTorrentFile } from '../torrent-file.js';

const help = `Usage: shoal verify <file.torrent> <data path>

Hashes the data on disk and reports, per file and in total, how many pieces are valid.
Exit code 0 only when every piece is valid, 1 otherwise.

<data path> is the download folder that holds the torrent's file or folder, as in a client's
"save to" setting: for a torrent named "pack", the data is read from <data path>/pack.
The torrent's own file or folder is accepted too: if <data path>/pack does not exist and
<data path> itself is named "pack", it is read in place.

Missing and short files count as invalid pieces, not as errors. Files that are symbolic links,
and folders that link out of the data path, are not read (they count as missing).

Options:
  -t, --threads N   hashing threads, the main one included (default: cores, at most 8)
  -h, --help        this help`;

const options = { threads: { type: 'string', short: 't' } } as const;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options);
  if (positionals.length !== 2) throw new UsageError('expected a .torrent file and a data path');
  const threads = parseThreads(values.threads);
  const metainfo = await readTorrentFile(positionals[0]!);
  const root = downloadFolder(positionals[1]!, metainfo.info.name);
  const storage = await Storage.open(metainfo.info, root, { threads, useCallingThread: true });
  const bar = new ProgressBar({ label: 'Verifying' });
  try {
    return await runCancellable(bar, 'shoal verify: cancelled', async (signal) => {
      const have = await storage.recheck((p) => bar.update(p.bytesHashed, p.totalBytes), signal);
      bar.finish();
      process.stdout.write(`${report(metainfo, storage, have)}\n`);
      return have.isFull() ? 0 : 1;
    });
  } finally {
    await storage.close();
  }
}

function downloadFolder(dataPath: string, name: string): string {
  const given = path.resolve(dataPath);
  if (!existsSync(given)) throw new Error(`data path "${dataPath}" does not exist`);
  if (!existsSync(path.join(given, name)) && path.basename(given) === name) return path.dirname(given);
  return given;
}

function report(metainfo: Metainfo, storage: Storage, have: Bitfield): string {
  const { info } = metainfo;
  const lines = info.files.map((file, i) => {
    const shown = printable(info.multiFile ? [info.name, ...file.path].join('/') : info.name);
    const range = storage.geometry.pieceRangeOfFile(i);
    if (range === null) {
      return `  ${(existsSync(storage.filePath(i)) ? 'ok' : 'missing').padEnd(7)}  ${'empty'.padStart(11)}  ${shown}`;
    }
    let valid = 0;
    for (let p = range.first; p <= range.last; p++) if (have.get(p)) valid++;
    const total = range.last - range.first + 1;
    const state = valid === total ? 'ok' : existsSync(storage.filePath(i)) ? 'BAD' : 'missing';
    return `  ${state.padEnd(7)}  ${`${valid}/${total}`.padStart(11)}  ${shown}`;
  });
  const summary = `${have.count()} of ${have.length} pieces valid`;
  return [...lines, have.isFull() ? `All ${summary}.` : `Incomplete: ${summary}.`].join('\n');
}

export const command: Command = { name: 'verify', help, run };
