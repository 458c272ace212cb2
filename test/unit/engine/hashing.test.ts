import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPieces, HashWorkers, workerScriptUrl } from '../../../core/engine/hashing/index.js';

function sha1(data: Uint8Array): Buffer {
  return createHash('sha1').update(data).digest();
}

/** OS threads of this process (Linux): each worker thread is one. */
function osThreads(): number {
  return readdirSync('/proc/self/task').length;
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('workerScriptUrl', () => {
  it('maps a worker inside app.asar to app.asar.unpacked', () => {
    const inside = new URL('file:///opt/Shoal/resources/app.asar/dist/core/engine/hashing/hash-worker.js');
    expect(workerScriptUrl(inside).href).toBe(
      'file:///opt/Shoal/resources/app.asar.unpacked/dist/core/engine/hashing/hash-worker.js',
    );
    const windows = new URL('file:///C:/Program%20Files/Shoal/resources/app.asar/hash-worker.js');
    expect(workerScriptUrl(windows).href).toBe(
      'file:///C:/Program%20Files/Shoal/resources/app.asar.unpacked/hash-worker.js',
    );
  });

  it.each([
    'file:///work/dist/core/engine/hashing/hash-worker.js',
    'file:///opt/Shoal/resources/app.asar.unpacked/hash-worker.js',
    'file:///opt/my-app.asar/hash-worker.js',
    'http://example.test/app.asar/hash-worker.js',
  ])('leaves %s alone', (href) => {
    expect(workerScriptUrl(new URL(href)).href).toBe(href);
  });
});

describe('HashWorkers', () => {
  let pools: HashWorkers[] = [];
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.close()));
    pools = [];
  });
  function pool(options?: ConstructorParameters<typeof HashWorkers>[0]): HashWorkers {
    const created = new HashWorkers(options);
    pools.push(created);
    return created;
  }

  it('gives the digests crypto gives, for any size and for views into larger buffers', async () => {
    const workers = pool({ threads: 2 });
    const inputs = [new Uint8Array(0), Buffer.from('abc'), randomBytes(16384), randomBytes(3 * 1024 * 1024 + 7)];
    const big = randomBytes(100_000);
    const view = big.subarray(1000, 50_000);
    const digests = await Promise.all([...inputs, view].map((d) => workers.sha1(d)));
    [...inputs, view].forEach((d, i) => expect(Buffer.from(digests[i]!)).toEqual(sha1(d)));
    expect(Buffer.from(await workers.sha1(Buffer.from('abc'))).toString('hex')).toBe(
      'a9993e364706816aba3e25717850c26c9cd0d89d',
    );
    expect(view.length).toBe(49_000);
    expect(sha1(big.subarray(1000, 50_000))).toEqual(sha1(view));
  });

  it('spreads many jobs over at most `threads` threads, answering each with its own digest', async () => {
    const workers = pool({ threads: 2 });
    const inputs = Array.from({ length: 60 }, (_, i) => randomBytes(1000 + i * 997));
    let most = 0;
    const digests = await Promise.all(
      inputs.map((d) => {
        const job = workers.sha1(d);
        most = Math.max(most, workers.threadCount);
        return job;
      }),
    );
    inputs.forEach((d, i) => expect(Buffer.from(digests[i]!)).toEqual(sha1(d)));
    expect(most).toBe(2);
  });

  it('starts threads only for work and lets them exit after idleMs', async () => {
    const before = osThreads();
    const workers = pool({ threads: 2, idleMs: 50 });
    expect(workers.threadCount).toBe(0);
    const jobs = [workers.sha1(randomBytes(1 << 20)), workers.sha1(randomBytes(1 << 20))];
    expect(workers.threadCount).toBe(2);
    expect(osThreads()).toBeGreaterThanOrEqual(before + 2);
    await Promise.all(jobs);
    await until(() => workers.threadCount === 0);
    await until(() => osThreads() <= before);
    expect(Buffer.from(await workers.sha1(Buffer.from('again')))).toEqual(sha1(Buffer.from('again')));
    expect(workers.threadCount).toBe(1);
  });

  it('closes twice, rejecting digests pending at the time and asked for after', async () => {
    const workers = pool({ threads: 1 });
    const sizes = [8 << 20, 8 << 20, 8];
    const outcomes = sizes.map((n) =>
      workers.sha1(randomBytes(n)).then(
        () => 'hashed',
        (e: { code: string }) => e.code,
      ),
    );
    const closing = workers.close();
    expect(workers.close()).toBe(closing);
    await closing;
    expect(await Promise.all(outcomes)).toEqual(['closed', 'closed', 'closed']);
    await expect(workers.sha1(Buffer.from('x'))).rejects.toMatchObject({ code: 'closed' });
    expect(workers.threadCount).toBe(0);
  });

  it('refuses bad options and bad input with a clear error', async () => {
    expect(() => new HashWorkers({ threads: 0 })).toThrow(expect.objectContaining({ code: 'bad-input' }));
    expect(() => new HashWorkers({ threads: 1.5 })).toThrow(expect.objectContaining({ code: 'bad-input' }));
    expect(() => new HashWorkers({ idleMs: -1 })).toThrow(expect.objectContaining({ code: 'bad-input' }));
    const workers = pool();
    await expect(workers.sha1('abc' as unknown as Uint8Array)).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('hashPieces with file starts', () => {
  it('reads several files out of one shared file, each from its own start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shoal-hashing-'));
    try {
      const a = randomBytes(20_000);
      const b = randomBytes(30_000);
      const shared = path.join(dir, 'shared');
      const layout = Buffer.alloc(100_000);
      a.copy(layout, 5000);
      b.copy(layout, 60_000);
      writeFileSync(shared, layout);
      const files = [
        { path: shared, length: a.length, start: 5000 },
        { path: shared, length: b.length, start: 60_000 },
      ];
      const { digests, readable } = await hashPieces(files, 16384, { threads: 1 });
      const all = Buffer.concat([a, b]);
      for (let i = 0; i < 4; i++) {
        expect(Buffer.from(digests.subarray(i * 20, i * 20 + 20))).toEqual(
          sha1(all.subarray(i * 16384, (i + 1) * 16384)),
        );
      }
      expect([...readable]).toEqual([1, 1, 1, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
