// @ts-check
// Reads and hashes runs of whole pieces, synchronously. Plain JavaScript because it runs inside
// worker threads (hash-worker.js), which cannot load TypeScript sources; the pool may also run it
// on the calling thread. Node built-ins only.
import { Buffer } from 'node:buffer';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';

/**
 * @typedef {{ path: string; length: number; offset: number; start: number }} HasherFile
 * @typedef {{ files: HasherFile[]; pieceLength: number; totalLength: number; missingOk: boolean;
 *   noFollow: boolean }} HasherSetup
 * @typedef {{ first: number; count: number }} Job
 * @typedef {{ first: number; count: number; digests: Uint8Array; readable: Uint8Array }} JobResult
 */

/**
 * Bytes per read. The kernel's copy out of the page cache is what costs system time, and it is
 * cheap only while the destination buffer stays in the core's L2 cache between reads: hashing a
 * warm 1 GiB file on 2 threads took 0.9 s of system time with 256 KiB reads, 0.6 s with 128 KiB
 * and 0.3 s with 64 KiB (32 KiB: no better, and twice the system calls). The hash then reads the
 * bytes from L2 as well.
 */
const CHUNK = 64 * 1024;

export class HashFailure extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class PieceHasher {
  /** @param {HasherSetup} setup */
  constructor(setup) {
    this.setup = setup;
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.openFlags = constants.O_RDONLY | (setup.noFollow ? constants.O_NOFOLLOW : 0);
    /** The one file kept open: runs are contiguous, so the next read is nearly always the same file. */
    this.current = { index: -1, fd: -1 };
  }

  /** Hashes pieces [first, first + count), streaming them through the small buffer. @param {Job} job @returns {JobResult} */
  hashJob(job) {
    const { pieceLength, totalLength } = this.setup;
    const end = Math.min(totalLength, (job.first + job.count) * pieceLength);
    const digests = new Uint8Array(job.count * 20);
    const readable = new Uint8Array(job.count).fill(1);
    let hash = createHash('sha1');
    let piece = job.first;
    for (let chunkStart = job.first * pieceLength; chunkStart < end; chunkStart += CHUNK) {
      const chunkEnd = Math.min(end, chunkStart + CHUNK);
      for (const [a, b] of this.readRange(chunkStart, chunkEnd)) {
        readable.fill(0, Math.floor(a / pieceLength) - job.first, Math.floor((b - 1) / pieceLength) - job.first + 1);
      }
      for (let pos = chunkStart; pos < chunkEnd;) {
        const pieceEnd = Math.min(end, (piece + 1) * pieceLength);
        const stop = Math.min(chunkEnd, pieceEnd);
        hash.update(this.buffer.subarray(pos - chunkStart, stop - chunkStart));
        pos = stop;
        if (pos === pieceEnd) {
          digests.set(hash.digest(), (piece - job.first) * 20);
          hash = createHash('sha1');
          piece++;
        }
      }
    }
    return { first: job.first, count: job.count, digests, readable };
  }

  close() {
    if (this.current.fd >= 0) closeSync(this.current.fd);
    this.current = { index: -1, fd: -1 };
  }

  /**
   * Fills buffer[0, end - start) with bytes [start, end) of the concatenation, reading across
   * file boundaries. Returns the absolute byte ranges that could not be read (missing or short
   * files), which only `missingOk` allows.
   * @param {number} start @param {number} end @returns {[number, number][]}
   */
  readRange(start, end) {
    const { files, missingOk } = this.setup;
    /** @type {[number, number][]} */
    const holes = [];
    let at = start;
    for (let index = this.fileAt(start); at < end && index < files.length; index++) {
      const file = /** @type {HasherFile} */ (files[index]);
      const stop = Math.min(end, file.offset + file.length);
      if (stop <= at) continue;
      const fd = this.open(index);
      let got = 0;
      while (fd >= 0 && at + got < stop) {
        const n = readSync(fd, this.buffer, at + got - start, stop - at - got, file.start + at + got - file.offset);
        if (n === 0) break;
        got += n;
      }
      if (at + got < stop) {
        if (!missingOk) throw new HashFailure('file-changed', `"${file.path}" became shorter while hashing`);
        holes.push([at + got, stop]);
      }
      at = stop;
    }
    return holes;
  }

  /** Index of the file holding byte `at` of the concatenation (binary search on offsets). @param {number} at */
  fileAt(at) {
    const { files } = this.setup;
    let lo = 0;
    let hi = files.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (/** @type {HasherFile} */ (files[mid]).offset <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** @param {number} index @returns {number} a descriptor, or -1 when the file is missing and that is allowed */
  open(index) {
    if (this.current.index === index) return this.current.fd;
    this.close();
    this.current.index = index;
    const file = /** @type {HasherFile} */ (this.setup.files[index]);
    try {
      this.current.fd = openSync(file.path, this.openFlags);
    } catch (e) {
      if (!this.setup.missingOk) {
        throw new HashFailure(
          'unreadable',
          `cannot open "${file.path}": ${/** @type {NodeJS.ErrnoException} */ (e).code}`,
        );
      }
    }
    return this.current.fd;
  }
}

/** A job's result, or the failure as plain data (it crosses threads). @param {PieceHasher} hasher @param {Job} job */
export function runJob(hasher, job) {
  try {
    return hasher.hashJob(job);
  } catch (e) {
    const failure = e instanceof HashFailure ? e : new HashFailure('unreadable', String(e));
    return { error: { code: failure.code, message: failure.message } };
  }
}
