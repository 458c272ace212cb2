// @ts-check
// A digest thread of HashWorkers: SHA-1 of each buffer it is sent, answered in order. The buffer
// arrives transferred (the pool copied it first), and only the 20-byte digest goes back.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
port.on('message', (/** @type {Uint8Array} */ data) => {
  const digest = createHash('sha1').update(data).digest();
  const out = new Uint8Array(digest);
  port.postMessage(out, [/** @type {ArrayBuffer} */ (out.buffer)]);
});
