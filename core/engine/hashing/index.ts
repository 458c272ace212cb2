export { HashError } from './errors.js';
export {
  defaultThreads,
  hashPieces,
  type HashFile,
  type HashOptions,
  type HashProgress,
  type HashResult,
} from './hash-pool.js';
export { HashWorkers, type HashWorkersOptions } from './hash-workers.js';
export { workerScriptUrl } from './worker-url.js';
