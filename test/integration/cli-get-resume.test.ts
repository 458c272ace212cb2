import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningTracker } from '../../tracker/server.js';
import { makeFiles, sameFiles, startPeer, tempRoot, waitFor, type TestPeer } from '../helpers/engine.js';
import { startShoal } from '../helpers/shoal-cli.js';
import { startTestTracker } from '../helpers/tracker.js';

let tracker: RunningTracker;
let tmp: Awaited<ReturnType<typeof tempRoot>>;
let seeder: TestPeer;

beforeAll(async () => {
  tracker = await startTestTracker({ wsInterval: 10 });
  tmp = await tempRoot('resume');
  seeder = await startPeer(tmp.root, 'seeder');
});

afterAll(async () => {
  await seeder.close();
  await tracker.close();
  await tmp.remove();
});

const FILES = { '1.bin': 1024 * 1024, '2.bin': 1024 * 1024, '3.bin': 1024 * 1024, '4.bin': 1024 * 1024 };
const TOTAL = 4 * 1024 * 1024;

/**
 * `shoal get` as a real process, killed with SIGKILL halfway (no chance to save anything), then run
 * again: it trusts the resume data it saved for files untouched since, hashes only the pieces of
 * files that changed after that save, and finishes byte-identical.
 */
it('resumes after kill -9 without a full recheck and finishes identical', async () => {
  const ws = `ws://127.0.0.1:${tracker.httpPort}`;
  const folder = path.join(seeder.downloadDir, 'album');
  const data = await makeFiles(folder, FILES);
  const created = await seeder.session.createTorrent({ paths: [folder], trackers: [[ws]] });
  // Slow enough to stop late in the download, after resume data (saved every 5 s) covered the first files: 16 s.
  await seeder.session.setLimits({ upload: 256 * 1024 });
  const torrentFile = path.join(tmp.root, 'album.torrent');
  await writeFile(torrentFile, Buffer.from(created.torrent, 'base64'));
  const out = path.join(tmp.root, 'out');
  const args = [
    'get',
    torrentFile,
    '--out',
    out,
    '--data-dir',
    path.join(tmp.root, 'cli-data'),
    '--ice-server',
    'none',
    '--sequential',
  ];

  const first = startShoal(args);
  await waitFor(
    async () => (await onDisk(path.join(out, 'album'))) >= TOTAL * 0.75,
    'the first run to get 75%',
    60_000,
  );
  first.child.kill('SIGKILL');
  expect((await first.done).signal).toBe('SIGKILL');
  await seeder.session.setLimits({ upload: null });

  const second = await startShoal(args).done;
  expect(second.stderr).toMatch(/Resuming/);
  const check = /checked (\d+) of (\d+) pieces/.exec(second.stderr);
  expect(check, second.stderr).not.toBeNull();
  const [hashed, total] = [Number(check![1]), Number(check![2])];
  expect(hashed).toBeLessThan(total * 0.75);
  expect(second.status, second.stderr).toBe(0);
  expect(await sameFiles(path.join(out, 'album'), data)).toBe(true);
}, 90_000);

async function onDisk(folder: string): Promise<number> {
  let sum = 0;
  for (const name of Object.keys(FILES)) sum += (await stat(path.join(folder, name)).catch(() => ({ size: 0 }))).size;
  return sum;
}
