import { existsSync } from 'node:fs';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

/** Debian's chromium (BENCH_CHROMIUM to use another). */
export const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless, as root, and off the network: this machine has none, and without the
 * background-networking flags Chromium's many refused connections slow it down. The UI tests
 * (test/helpers/browser.ts) launch it the same way.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBenchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set BENCH_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}

/** CPU seconds by Chromium process type ('renderer', 'browser', 'GPU', ...), from the browser's own count. */
export type CpuByType = Map<string, number>;

/** Reads the CPU time of every Chromium process (CDP SystemInfo.getProcessInfo). */
export class ChromiumCpu {
  private constructor(private readonly session: CDPSession) {}

  static async open(browser: Browser): Promise<ChromiumCpu> {
    return new ChromiumCpu(await browser.newBrowserCDPSession());
  }

  /** Seconds per process id and type now. */
  async read(): Promise<Map<number, { type: string; cpu: number }>> {
    const { processInfo } = await this.session.send('SystemInfo.getProcessInfo');
    return new Map(processInfo.map((p) => [p.id, { type: p.type, cpu: p.cpuTime }]));
  }

  /** CPU seconds spent between two readings, by type; a process that appeared meanwhile counts whole. */
  static spent(before: Map<number, { cpu: number }>, after: Map<number, { type: string; cpu: number }>): CpuByType {
    const out: CpuByType = new Map();
    for (const [id, p] of after) out.set(p.type, (out.get(p.type) ?? 0) + p.cpu - (before.get(id)?.cpu ?? 0));
    return out;
  }
}

/** The page's main-thread busy time (CDP Performance metrics, TaskDuration), in seconds. */
export class MainThread {
  private constructor(private readonly session: CDPSession) {}

  static async open(page: Page): Promise<MainThread> {
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    return new MainThread(session);
  }

  async busySeconds(): Promise<number> {
    const { metrics } = await this.session.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  }
}
