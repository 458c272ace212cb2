// @ts-check
// A hashing thread. It opens the files itself and hashes the runs of pieces it is sent, so file
// data never crosses threads: only digests go back. `null` asks it to close its file and exit.
import { parentPort, workerData } from 'node:worker_threads';
import { PieceHasher, runJob } from './piece-hasher.js';

const hasher = new PieceHasher(/** @type {import('./piece-hasher.js').HasherSetup} */ (workerData));
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
port.on('message', (/** @type {import('./piece-hasher.js').Job | null} */ job) => {
  if (job === null) {
    hasher.close();
    port.close();
    return;
  }
  const result = runJob(hasher, job);
  /** @type {ArrayBuffer[]} */
  const transfer =
    'error' in result
      ? []
      : [/** @type {ArrayBuffer} */ (result.digests.buffer), /** @type {ArrayBuffer} */ (result.readable.buffer)];
  port.postMessage(result, transfer);
});
