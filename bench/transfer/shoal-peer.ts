import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Session } from '../../core/engine/session/session.js';
import { serveParent } from './child-rpc.js';
import type { DownloadParams, DownloadTimes, PeerStats, SeedParams, PeerOptions } from './peer-api.js';

/**
 * One Shoal peer, alone in this process: a whole Session with its own data folder, steered by
 * the parent benchmark over IPC (child-rpc.ts, peer-api.ts). argv: folder, then JSON PeerOptions.
 */
const POLL_MS = 5;
const [folder, rawOptions] = process.argv.slice(2);
const options = JSON.parse(rawOptions ?? '{}') as PeerOptions;
const downloadDir = path.join(folder!, 'downloads');
await mkdir(downloadDir, { recursive: true });
const session = await Session.open({
  dataDir: path.join(folder!, 'data'),
  defaultDownloadDir: downloadDir,
  startAll: false,
  ...(options.hashThreads === undefined ? {} : { hashThreads: options.hashThreads }),
});
await session.setSettings({
  iceServers: [],
  trackers: [options.tracker],
  ...(options.uploadLimit === undefined ? {} : { uploadLimit: options.uploadLimit }),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; throws naming `what` after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs: number, everyMs = 50): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

async function seed(params: SeedParams): Promise<void> {
  const { infoHash } = await session.addTorrent({ torrent: params.torrent, savePath: params.savePath });
  await until(
    async () => {
      const t = await session.getTorrent({ infoHash });
      if (t.state === 'error') throw new Error(`seeding ${infoHash}: ${t.error?.code}: ${t.error?.message}`);
      return t.state === 'seeding' && t.trackers.some((tr) => tr.state === 'working');
    },
    `seeding ${infoHash} with a tracker reply`,
    params.timeoutMs,
  );
}

/**
 * Adds the torrent and times it. The first peer and byte are polled from listTorrents (counts
 * only, cheaper than getTorrent's bitfield) every 5 ms until both are seen, so they are exact to 5 ms.
 */
async function download(params: DownloadParams): Promise<DownloadTimes> {
  let doneAt: number | undefined;
  const off = session.events.on('torrent:done', (e) => {
    if (e.infoHash === params.infoHash) doneAt ??= performance.now();
  });
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await session.addTorrent({ torrent: params.torrent });
    let firstPeerAt: number | undefined;
    let firstByteAt: number | undefined;
    await until(
      async () => {
        if (firstByteAt === undefined || firstPeerAt === undefined) {
          const t = (await session.listTorrents()).find((s) => s.infoHash === params.infoHash);
          if (t?.state === 'error') throw new Error(`downloading: ${t.error?.code}: ${t.error?.message}`);
          if (t && t.peers > 0) firstPeerAt ??= performance.now();
          if (t && t.downloaded > 0) firstByteAt ??= performance.now();
        }
        return doneAt !== undefined;
      },
      `downloading ${params.infoHash}`,
      params.timeoutMs,
      POLL_MS,
    );
    const cpu = process.cpuUsage(cpu0);
    return {
      firstPeerMs: (firstPeerAt ?? doneAt!) - t0,
      firstByteMs: (firstByteAt ?? doneAt!) - t0,
      doneMs: doneAt! - t0,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    off();
  }
}

function stats(): PeerStats {
  return {
    cpu: process.cpuUsage(),
    rss: process.memoryUsage().rss,
    rtcOpen: session.transport.openConnections,
  };
}

serveParent({ seed, download, stats }, () => session.close());
