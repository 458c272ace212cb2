import type { SessionDescription } from '../../core/engine/tracker-client/ws-announce-types.js';
import { tempFolder, type Cleanup } from './cleanup.js';
import { startBenchTracker, type BenchTorrent } from './fixtures.js';
import type { DownloadTimes, PeerStats, ReceiveResult, SendResult } from './peer-api.js';
import { startPeer, startRawPeer, type PeerKind } from './peers.js';
import { cpuSeconds } from './report.js';

/** The three ways one torrent's bytes cross one WebRTC connection, each measured from fresh processes. */

export type Way = 'raw' | PeerKind;

export interface WayResult {
  way: Way;
  bytes: number;
  /** Raw: createOffer to open channel (signalling relayed by the parent). Peers: add to first connected peer. */
  setupMs: number;
  /** Add to first payload byte; undefined for raw, whose clock starts at the first byte. */
  firstByteMs?: number;
  /** Raw: first to last byte. Peers: add to done. */
  totalMs: number;
  /** Receiving and sending process CPU seconds over the transfer. */
  cpu: { receiver: number; sender: number };
}

export interface WayContext {
  torrent: BenchTorrent;
  /** The folder holding the torrent's file (the seeders' save path). */
  sourceDir: string;
  timeoutMs: number;
  chunkBytes: number;
}

/** (a) The ceiling: WebRtcTransport moving the same number of bytes with no protocol, signalling through IPC. */
async function raw(cleanup: Cleanup, context: WayContext): Promise<WayResult> {
  const bytes = context.torrent.length;
  const [sender, receiver] = await Promise.all([
    startRawPeer(cleanup, 'raw-sender'),
    startRawPeer(cleanup, 'raw-receiver'),
  ]);
  const offer = await sender.call<SessionDescription>('offer');
  const answer = await receiver.call<SessionDescription>('answer', { offer, bytes });
  const sent = sender.call<SendResult>('send', { answer, bytes, chunk: context.chunkBytes }, context.timeoutMs);
  const [got, send] = await Promise.all([receiver.call<ReceiveResult>('received', undefined, context.timeoutMs), sent]);
  return {
    way: 'raw',
    bytes,
    setupMs: send.connectMs,
    totalMs: got.transferMs,
    cpu: { receiver: got.cpuSeconds, sender: send.cpuSeconds },
  };
}

/** (b) and (c): a seeder and a leecher of the same kind meeting through a fresh Shoal tracker. */
async function peers(kind: PeerKind, cleanup: Cleanup, context: WayContext): Promise<WayResult> {
  const tracker = await startBenchTracker();
  cleanup.add('closing the tracker', () => tracker.close());
  const folder = await tempFolder(cleanup, kind);
  const options = { tracker: tracker.url };
  const [seeder, leecher] = await Promise.all([
    startPeer(kind, cleanup, folder, `${kind}-seeder`, options),
    startPeer(kind, cleanup, folder, `${kind}-leecher`, options),
  ]);
  const { torrent, infoHash, length } = context.torrent;
  const timeoutMs = context.timeoutMs;
  await seeder.call('seed', { torrent, savePath: context.sourceDir, timeoutMs }, timeoutMs + 5000);
  const before = await seeder.call<PeerStats>('stats');
  const times = await leecher.call<DownloadTimes>('download', { torrent, infoHash, timeoutMs }, timeoutMs + 5000);
  const after = await seeder.call<PeerStats>('stats');
  return {
    way: kind,
    bytes: length,
    setupMs: times.firstPeerMs,
    firstByteMs: times.firstByteMs,
    totalMs: times.doneMs,
    cpu: { receiver: times.cpuSeconds, sender: cpuSeconds(before.cpu, after.cpu) },
  };
}

/** Runs one way in processes of its own; every process and folder it made is gone when this returns. */
export async function measureWay(way: Way, cleanup: Cleanup, context: WayContext): Promise<WayResult> {
  const scope = cleanup.scope(`the ${way} run`);
  try {
    return await (way === 'raw' ? raw(scope, context) : peers(way, scope, context));
  } finally {
    await scope.run();
  }
}
