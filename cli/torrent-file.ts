import { open } from 'node:fs/promises';
import { DEFAULT_METAINFO_LIMITS, parseMetainfo, type Metainfo } from '../core/protocol/metainfo.js';
import { ProtocolError } from '../core/protocol/errors.js';

/** Reads and validates a .torrent file; every failure is one Error whose message names the file and the problem. */
export async function readTorrentFile(file: string): Promise<Metainfo> {
  const bytes = await readCapped(file, DEFAULT_METAINFO_LIMITS.maxBytes + 1);
  try {
    return parseMetainfo(bytes);
  } catch (e) {
    if (e instanceof ProtocolError)
      throw new Error(`"${file}" is not a valid torrent: ${e.message} [${e.code}]`, { cause: e });
    throw e;
  }
}

/** At most `limit` bytes of the file: enough for the parser to see that it is too large, never a whole huge file. */
async function readCapped(file: string, limit: number): Promise<Uint8Array> {
  try {
    const handle = await open(file, 'r');
    try {
      if (!(await handle.stat()).isFile()) throw new Error(`"${file}" is not a file`);
      const buffer = Buffer.alloc(limit);
      let length = 0;
      for (let n = -1; n !== 0 && length < limit; length += n) {
        n = (await handle.read(buffer, length, limit - length, length)).bytesRead;
      }
      return buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`"${file}" does not exist`, { cause: e });
    if (code !== undefined) throw new Error(`cannot read "${file}": ${code}`, { cause: e });
    throw e;
  }
}
