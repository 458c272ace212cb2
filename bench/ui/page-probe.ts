import type { Page } from 'playwright-core';

/**
 * What bench:ui measures inside the page. The scripts are text because they run in Chromium, not
 * in Node (this project's Node code is compiled without the DOM's types); each one stays small.
 */

/** What the page hands back at the end of a window; times in ms of performance.now(). */
export interface ProbeResult {
  /** requestAnimationFrame timestamps, one per frame. */
  frames: number[];
  /** Durations of the 'longtask' entries (main-thread tasks over 50 ms). */
  longTasks: number[];
  /** When the torrent list's DOM changed (one per mutation batch, so about one per rendered update). */
  updates: number[];
  /** Each events-socket message: how long the page's handler took (parse, schema check, store). */
  messages: { at: number; ms: number; chars: number }[];
  windowMs: number;
}

/**
 * Added before the page loads: times every 'message' listener of every WebSocket (the renderer's
 * event stream is the only one), since a message's parse and check run in a task of their own,
 * before the frame that renders it.
 */
export const SOCKET_TIMER = `(() => {
  const log = { messages: [] };
  globalThis.__benchSocket = log;
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const timed = function (event) {
      const at = performance.now();
      try {
        return listener.call(this, event);
      } finally {
        const chars = typeof event.data === 'string' ? event.data.length : 0;
        log.messages.push({ at, ms: performance.now() - at, chars });
      }
    };
    return add.call(this, type, timed, options);
  };
})()`;

/** Starts a window: frame timestamps, long tasks, changes of the list, and a fresh socket log. */
const START = `(() => {
  const probe = { frames: [], longTasks: [], updates: [], started: performance.now(), running: true };
  globalThis.__benchProbe = probe;
  globalThis.__benchSocket.messages = [];
  const frame = (t) => {
    probe.frames.push(t);
    if (probe.running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  probe.longTaskObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  });
  probe.longTaskObserver.observe({ type: 'longtask' });
  probe.mutationObserver = new MutationObserver(() => probe.updates.push(performance.now()));
  probe.mutationObserver.observe(document.querySelector('[data-testid="torrent-list"]'), {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
})()`;

/** Ends the window and answers what it saw. */
const STOP = `(() => {
  const probe = globalThis.__benchProbe;
  probe.running = false;
  probe.longTaskObserver.takeRecords().forEach((entry) => probe.longTasks.push(entry.duration));
  probe.longTaskObserver.disconnect();
  probe.mutationObserver.disconnect();
  return {
    frames: probe.frames,
    longTasks: probe.longTasks,
    updates: probe.updates,
    messages: globalThis.__benchSocket.messages,
    windowMs: performance.now() - probe.started,
  };
})()`;

export async function startProbe(page: Page): Promise<void> {
  await page.evaluate(START);
}

export async function stopProbe(page: Page): Promise<ProbeResult> {
  return page.evaluate<ProbeResult>(STOP);
}
