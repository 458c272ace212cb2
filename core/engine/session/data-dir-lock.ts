import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../protocol/errors.js';

/** Another live engine holds the data folder ('in-use'), or the lock cannot be written ('cannot-lock'). */
export class DataDirLockError extends CodedError {}

/**
 * One engine per data folder: two engines on one library would run the same torrents into the
 * same files. The lock is a file holding the owner's pid; a lock whose process is gone (kill -9,
 * a crash) is taken over.
 */
export class DataDirLock {
  private released = false;

  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'engine.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DataDirLock(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new DataDirLockError('cannot-lock', `cannot lock the data folder ${dataDir}: ${(e as Error).message}`);
        }
        const owner = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
          throw new DataDirLockError(
            'in-use',
            `the data folder ${dataDir} is in use by another Shoal (pid ${owner}); stop it or use another data folder`,
          );
        }
        unlinkSync(file);
      }
    }
    throw new DataDirLockError('cannot-lock', `cannot lock the data folder ${dataDir}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
