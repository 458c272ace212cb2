import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { callDaemon } from '../../helpers/daemon.js';
import { makeFolder, type FileList } from './files.js';
import type { DaemonProcess, System } from './system.js';

/** Calls a command and answers its result; a refusal fails the test with the daemon's message. */
export async function call<T>(daemon: DaemonProcess, name: string, params: unknown = {}): Promise<T> {
  const reply = await callDaemon(daemon.port, daemon.token, name, params);
  if (reply.status !== 200) throw new Error(`${name} on daemon ${daemon.name}: ${reply.status} ${reply.text}`);
  return (reply.json as { result: T }).result;
}

interface Created {
  infoHash: string;
  magnet: string;
  torrent: string;
}

async function share(daemon: DaemonProcess, root: string, name: string, files: FileList) {
  const folder = makeFolder(path.join(root, `share-${daemon.name}`), name, files);
  return call<Created>(daemon, 'createTorrent', { paths: [folder] });
}

export interface Library {
  seeding: string;
  downloading: string;
  paused: string;
  error: string;
  metadata: string;
}

const MiB = 1024 * 1024;

/**
 * A library in daemon B with a torrent in each state the list can show, and three torrents of A
 * published to the search server. The download stays partial: B's limit lets it grow slowly.
 */
export async function fillLibrary(system: System): Promise<Library> {
  const { a, b, root } = system;
  const big = await share(a, root, 'Ocean.Sounds.2026.FLAC', [['ocean-01.flac', 12 * MiB]]);
  const book = await share(a, root, 'Field guide to shoals', [['guide.epub', 300_000]]);
  const film = await share(a, root, 'Reef documentary (1080p)', [['reef.mkv', 2 * MiB]]);
  await call(a, 'publish', { infoHash: big.infoHash, title: 'Ocean sounds, a year of waves', category: 3000 });
  await call(a, 'publish', { infoHash: book.infoHash, title: 'Field guide to shoals', category: 7000 });
  await call(a, 'publish', { infoHash: film.infoHash, title: 'Reef documentary 1080p', category: 2000 });

  const seeding = await share(b, root, 'My field recordings', [
    ['gull.wav', 600_000],
    ['surf.wav', 900_000],
  ]);
  const { infoHash: downloading } = await call<{ infoHash: string }>(b, 'addTorrent', {
    torrent: big.torrent,
    paused: true,
  });
  await call(b, 'setLimits', { infoHash: downloading, download: 96 * 1024 });
  await call(b, 'resume', { infoHash: downloading });
  const { infoHash: paused } = await call<{ infoHash: string }>(b, 'addTorrent', {
    torrent: film.torrent,
    paused: true,
  });
  // A save folder under a regular file cannot be made: the torrent stops with an error.
  const blocker = path.join(root, 'not-a-folder');
  writeFileSync(blocker, 'a file where a folder should be');
  const { infoHash: error } = await call<{ infoHash: string }>(b, 'addTorrent', {
    torrent: book.torrent,
    savePath: path.join(blocker, 'downloads'),
  });
  const { infoHash: metadata } = await call<{ infoHash: string }>(b, 'addTorrent', {
    magnet: `magnet:?xt=urn:btih:${'5e'.repeat(20)}&dn=Nobody+seeds+this`,
  });
  return { seeding: seeding.infoHash, downloading, paused, error, metadata };
}
