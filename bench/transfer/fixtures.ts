import { randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createTorrent } from '../../core/engine/create/create-torrent.js';
import { createLogger } from '../../core/server/logger.js';
import { trackerSchema } from '../../tracker/config.js';
import { startTracker } from '../../tracker/server.js';

/** What the peer benchmarks set up around their peers: data files, torrents, a tracker. */

const CHUNK = 4 * 1024 * 1024;

/** Random bytes, so that nothing compresses or dedups on the way. */
export async function writeRandomFile(file: string, size: number): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    const chunk = Buffer.alloc(CHUNK);
    for (let written = 0; written < size; written += CHUNK) {
      await handle.write(randomFillSync(chunk), 0, Math.min(CHUNK, size - written));
    }
  } finally {
    await handle.close();
  }
}

/** Reads the whole file once, so that every seeder finds it in the page cache. */
export async function warm(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.alloc(CHUNK);
    while ((await handle.read(chunk, 0, CHUNK)).bytesRead > 0);
  } finally {
    await handle.close();
  }
}

export interface BenchTorrent {
  infoHash: string;
  /** The .torrent file, base64 (what Session.addTorrent takes). */
  torrent: string;
  bytes: Uint8Array;
  length: number;
}

/**
 * A torrent of `target` with no tracker in it: each peer is given the tracker of its run, so that
 * the Shoal and webtorrent peers of the same torrent never meet in one swarm. Hashed on this
 * thread alone: no worker to boot for each of the idle benchmark's hundred small files.
 */
export async function makeTorrent(target: string): Promise<BenchTorrent> {
  const created = await createTorrent(target, { creationDate: null, threads: 1, useCallingThread: true });
  return {
    infoHash: created.metainfo.infoHash,
    torrent: Buffer.from(created.bytes).toString('base64'),
    bytes: created.bytes,
    length: created.files.reduce((sum, f) => sum + f.length, 0),
  };
}

export interface BenchTracker {
  /** ws://127.0.0.1:port, where WebRTC peers announce and signal. */
  url: string;
  close(): Promise<void>;
}

/** A Shoal tracker in this process on a free port, silent, WebSocket and HTTP only. */
export async function startBenchTracker(wsIntervalSeconds?: number): Promise<BenchTracker> {
  const config = trackerSchema.parse({
    port: 0,
    noUdp: true,
    logLevel: 'silent',
    ...(wsIntervalSeconds === undefined ? {} : { wsInterval: wsIntervalSeconds }),
  });
  const running = await startTracker(config, createLogger('bench-tracker', 'silent'));
  return { url: `ws://127.0.0.1:${running.httpPort}`, close: () => running.close() };
}
