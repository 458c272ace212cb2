import type { Browser } from 'playwright-core';
import type { ChildPeer } from '../transfer/child-rpc.js';
import { cpuSeconds, load } from '../transfer/report.js';
import { ChromiumCpu, MainThread } from './chromium.js';
import type { DaemonStats } from './daemon-child.js';
import { pageFigures, type PageFigures } from './frame-stats.js';
import { SOCKET_TIMER, startProbe, stopProbe } from './page-probe.js';

export type Mode = 'static' | 'live';

export interface ModeRun {
  torrents: number;
  /** Seconds of warm-up (not measured), then of the measured window. */
  warmupS: number;
  windowS: number;
  /** A column header to click before measuring (e.g. "Down": rows then move every second), or none. */
  sortBy: string | undefined;
  daemon: ChildPeer;
  browser: Browser;
  cpu: ChromiumCpu;
}

export interface ModeResult {
  mode: Mode;
  loadStart: string;
  loadEnd: string;
  windowS: number;
  page: PageFigures;
  /** The list's DOM changes per second, and socket messages per second. */
  updatesPerS: number;
  messagesPerS: number;
  /** Percent of one core over the window. */
  mainThread: number;
  renderer: number;
  chromium: number;
  daemon: number;
  /** Of `daemon`, what the stand-in engine spent making the updates (not work a real daemon adds). */
  standIn: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One mode in a fresh page of the list view: load it with every torrent, start the updates (live),
 * let it settle, then measure for the window: in the page, in Chromium's processes and in the daemon.
 */
export async function measureMode(mode: Mode, run: ModeRun): Promise<ModeResult> {
  const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.addInitScript(SOCKET_TIMER);
    await page.goto(await run.daemon.call<string>('openUrl'));
    // aria-rowcount counts the header row: the whole list has arrived and is rendered (windowed).
    // A selector, not waitForFunction: polling a string predicate is an eval, which the daemon's CSP refuses.
    await page
      .locator(`[data-testid="torrent-list"][aria-rowcount="${run.torrents + 1}"]`)
      .waitFor({ timeout: 60_000 });
    if (run.sortBy !== undefined) await page.getByRole('button', { name: run.sortBy, exact: true }).click();
    const main = await MainThread.open(page);
    if (mode === 'live') await run.daemon.call('live', true);
    await sleep(run.warmupS * 1000);

    const loadStart = load();
    const [daemon0, chromium0, busy0] = [
      await run.daemon.call<DaemonStats>('stats'),
      await run.cpu.read(),
      await main.busySeconds(),
    ];
    const t0 = performance.now();
    await startProbe(page);
    await sleep(run.windowS * 1000);
    const probe = await stopProbe(page);
    const [daemon1, chromium1, busy1] = [
      await run.daemon.call<DaemonStats>('stats'),
      await run.cpu.read(),
      await main.busySeconds(),
    ];
    const seconds = (performance.now() - t0) / 1000;
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.slice(0, 3).join('; ')}`);

    const pct = (s: number) => (100 * s) / seconds;
    const spent = ChromiumCpu.spent(chromium0, chromium1);
    const figures = pageFigures(probe);
    const result: ModeResult = {
      mode,
      loadStart,
      loadEnd: load(),
      windowS: seconds,
      page: figures,
      updatesPerS: figures.updateFrames.count / seconds,
      messagesPerS: probe.messages.length / seconds,
      mainThread: pct(busy1 - busy0),
      renderer: pct(spent.get('renderer') ?? 0),
      chromium: pct([...spent.values()].reduce((a, b) => a + b, 0)),
      daemon: pct(cpuSeconds(daemon0.cpu, daemon1.cpu)),
      standIn: pct((daemon1.generateMs - daemon0.generateMs) / 1000),
    };
    checkMode(result, run);
    return result;
  } finally {
    await page.close();
    // Off before the next mode, also when this one failed.
    if (mode === 'live') await run.daemon.call('live', false);
  }
}

/** A live window in which the page did not get and render about one update a second measured nothing. */
function checkMode(r: ModeResult, run: ModeRun): void {
  const expected = Math.floor(run.windowS * 0.8);
  if (r.mode === 'live' && (r.page.messages.count < expected || r.page.updateFrames.count < expected)) {
    throw new Error(
      `live: the page got ${r.page.messages.count} event messages and rendered ${r.page.updateFrames.count} ` +
        `updates in ${run.windowS} s (expected about one a second)`,
    );
  }
  if (r.mode === 'static' && r.page.messages.count > 0) {
    throw new Error(`static: the page got ${r.page.messages.count} event messages (expected none)`);
  }
}
