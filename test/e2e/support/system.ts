import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { callDaemon, within } from '../../helpers/daemon.js';
import { startShoal } from '../../helpers/shoal-cli.js';

/** One `shoal …` child process, stopped with SIGTERM and awaited (bounded). */
interface Child {
  output(): string;
  stop(): Promise<void>;
}

const START_MS = 20_000;
const STOP_MS = 10_000;

/** Starts `shoal …args` and resolves once its stdout or stderr matches `ready`, with the match. */
async function startChild(args: readonly string[], ready: RegExp): Promise<{ child: Child; match: RegExpMatchArray }> {
  const { child, done } = startShoal(args);
  let text = '';
  const matched = new Promise<RegExpMatchArray>((resolve, reject) => {
    const onData = (chunk: string) => {
      text += chunk;
      const match = ready.exec(text);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void done.then((exit) => reject(new Error(`shoal ${args[0]} exited ${exit.status} before it was ready:\n${text}`)));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await within(done, STOP_MS, `shoal ${args[0]} stopping`);
  };
  try {
    const match = await within(matched, START_MS, `shoal ${args[0]} starting`);
    return { child: { output: () => text, stop }, match };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

export interface DaemonProcess {
  name: string;
  port: number;
  token: string;
  /** The ready-to-open URL the daemon printed, token included. */
  openUrl: string;
  downloadDir: string;
}

/** A tracker, a search server and two daemons, all real `shoal` processes on loopback, each daemon with its own folders. */
export interface System {
  trackerUrl: string;
  searchUrl: string;
  a: DaemonProcess;
  b: DaemonProcess;
  /** A scratch folder for files to share; removed by stop(). */
  root: string;
  stop(): Promise<void>;
}

const LISTENING_PORT = /"port":(\d+).*"search server listening"/;
const TRACKER_PORT = /"httpPort":(\d+).*"tracker listening"/;
const OPEN_URL = /(http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43}))/;

export async function startSystem(): Promise<System> {
  const root = mkdtempSync(path.join(tmpdir(), 'shoal-e2e-'));
  const children: Child[] = [];
  const stop = async () => {
    // Daemons first, so that they do not announce to a tracker that is gone.
    const stops = await Promise.allSettled(
      children
        .splice(0)
        .reverse()
        .map((c) => c.stop()),
    );
    rmSync(root, { recursive: true, force: true });
    const failed = stops.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    const tracker = await startChild(['tracker', '--port', '0', '--no-udp', '--ws-interval', '10'], TRACKER_PORT);
    children.push(tracker.child);
    const trackerUrl = `ws://127.0.0.1:${tracker.match[1]}`;
    const search = await startChild(
      [
        'search-server',
        '--port',
        '0',
        '--data-dir',
        path.join(root, 'search'),
        '--anonymous-publish',
        '--scrape-private-trackers',
        '--scrape-interval',
        '2',
      ],
      LISTENING_PORT,
    );
    children.push(search.child);
    const searchUrl = `http://127.0.0.1:${search.match[1]}`;
    const startOne = async (name: string): Promise<DaemonProcess> => {
      const downloadDir = path.join(root, name, 'downloads');
      const dataDir = path.join(root, name, 'data');
      const args = ['daemon', '--web-port', '0', '--data-dir', dataDir, '--download-dir', downloadDir];
      const daemon = await startChild([...args, '--log-level', 'warn'], OPEN_URL);
      children.push(daemon.child);
      const [, openUrl, port, token] = daemon.match;
      const started = { name, port: Number(port), token: token!, openUrl: openUrl!, downloadDir };
      const reply = await callDaemon(started.port, started.token, 'setSettings', {
        trackers: [trackerUrl],
        searchServer: searchUrl,
        iceServers: [],
      });
      if (reply.status !== 200) throw new Error(`setSettings on ${name}: ${reply.text}`);
      return started;
    };
    const [a, b] = await Promise.all([startOne('a'), startOne('b')]);
    return { trackerUrl, searchUrl, a, b, root, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
