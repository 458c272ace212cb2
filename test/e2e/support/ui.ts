import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DaemonProcess } from './system.js';

/** Where the e2e run saves its screenshots; the README shows them. */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../docs/screenshots');
export const VIEWPORT = { width: 1280, height: 800 };
/** Upper bound of every wait for the UI. */
export const UI_MS = 15_000;

export interface UiPage {
  page: Page;
  /** Console errors, failed requests, dialogs (alert, confirm, …) the page opened: none is expected. */
  faults: string[];
}

/** A fresh page on a daemon's web UI, opened with its token URL, once the list has loaded. */
export async function openUi(browser: Browser, daemon: DaemonProcess): Promise<UiPage> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(UI_MS);
  const faults: string[] = [];
  page.on('console', (m) => m.type() === 'error' && faults.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => faults.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => faults.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('dialog', (d) => {
    faults.push(`dialog ${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(daemon.openUrl);
  // The list's toolbar shows once the first list has come; the banner goes once the events socket is up.
  await page.getByTestId('list-filter').waitFor({ state: 'visible' });
  await page.getByTestId('connection-state').waitFor({ state: 'detached' });
  return { page, faults };
}

/** Shows one of the top-level views through its navigation button. */
export async function showView(page: Page, view: 'torrents' | 'search' | 'create' | 'settings'): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await page.getByTestId(view === 'torrents' ? 'torrents-view' : `${view}-view`).waitFor({ state: 'visible' });
}

/** The list row of a torrent, by infohash. */
export function row(page: Page, infoHash: string): Locator {
  return page.locator(`[data-testid="torrent-row"][data-infohash="${infoHash}"]`);
}

/** Waits (bounded) until the row's state attribute is `state`. */
export async function waitForState(page: Page, infoHash: string, state: string, ms = UI_MS): Promise<void> {
  await expect.poll(() => row(page, infoHash).getAttribute('data-state'), { timeout: ms, interval: 200 }).toBe(state);
}

/** The value of a <progress> element, 0 … its max. Parameters typed by shape: the tests' program has no DOM types. */
export function progressValue(progress: Locator): Promise<number> {
  return progress.evaluate((p: { value: number }) => p.value);
}

/** Whether the element has the focus. */
export function hasFocus(element: Locator): Promise<boolean> {
  return element.evaluate((el: { ownerDocument: { activeElement: unknown } }) => el === el.ownerDocument.activeElement);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (injected once) and answers the serious and critical violations, one line each. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axe.source);
  // Runs in the page; typed by shape, since the tests' TypeScript program has no DOM types.
  const violations = await page.evaluate(async (context: string | null): Promise<AxeViolation[]> => {
    const page = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const result = await page.axe.run(context ?? page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String) })),
    }));
  }, include ?? null);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves the page as docs/screenshots/<view>-<theme>.png, in both themes, checking each with axe. */
export async function captureView(page: Page, view: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    // Let the theme's transitions (if any) and a pending frame settle before the picture.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    problems.push(...(await seriousViolations(page)).map((p) => `${view} (${colorScheme}): ${p}`));
    await page.screenshot({ path: path.join(SCREENSHOTS, `${view}-${colorScheme}.png`), animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}
