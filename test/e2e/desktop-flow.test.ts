import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { createInUi, publishInUi, searchInUi, selectOnly } from './support/actions.js';
import { expectSameFiles, makeFolder, presentFiles, type FileList } from './support/files.js';
import { startSystem, type System } from './support/system.js';
import { openUi, progressValue, row, showView, UI_MS, waitForState, type UiPage } from './support/ui.js';

/**
 * The whole path through the UI, as two people would take it: in daemon A's web UI one creates a
 * torrent from a folder and publishes it; in daemon B's another finds it, downloads it over WebRTC
 * through the tracker, pauses, resumes and removes it. Every part is a real `shoal` process.
 */

const HOLIDAY: FileList = [
  ['beach.jpg', 1_500_000],
  ['notes.txt', 12_345],
  ['day 2/sunset.jpg', 900_001],
];
/** A folder name is a torrent name: this one is markup, which every view must show as text. */
const MARKUP_NAME = '<img src=x onerror=alert(1)><b>bold&amp;';
const MARKUP_TITLE = '<script>alert(2)</script><img src=x onerror=alert(3)><b>bold</b>';
const MARKUP_FILES: FileList = [
  ['<i>a<_i>.txt', 40_000],
  ['b.bin', 70_000],
];
/** A few MiB over loopback WebRTC on a loaded two-core machine. */
const DOWNLOAD_MS = 45_000;

let browser: Browser | undefined;
let system: System;
let a: UiPage;
let b: UiPage;
let shareDir: string;

beforeAll(async () => {
  browser = await launchChromium();
  if (!browser) return;
  system = await startSystem();
  shareDir = path.join(system.root, 'share');
  a = await openUi(browser, system.a);
  b = await openUi(browser, system.b);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
}, 30_000);

describe('two daemons, a tracker and a search server, driven through the web UI', () => {
  it('A creates and publishes; B searches, downloads to 100 %, pauses, resumes, removes keeping the files', async (ctx) => {
    if (!browser) return ctx.skip();
    const folder = makeFolder(shareDir, 'holiday', HOLIDAY);
    const infoHash = await createInUi(a.page, folder);
    expect(await publishInUi(a.page, 'Holiday photos 2026', 'Other')).toContain(infoHash);
    await showView(a.page, 'torrents');
    await waitForState(a.page, infoHash, 'seeding');

    await searchInUi(b.page, 'holiday photos', infoHash);
    const result = b.page.locator(`[data-testid="search-result"][data-infohash="${infoHash}"]`);
    await result.getByTestId('search-download').click();
    await expect
      .poll(() => result.getByTestId('search-download').textContent(), { timeout: UI_MS })
      .toMatch(/^In library/);

    await showView(b.page, 'torrents');
    const progress = row(b.page, infoHash).getByTestId('torrent-progress');
    await expect.poll(() => progressValue(progress), { timeout: DOWNLOAD_MS, interval: 250 }).toBe(1);
    await waitForState(b.page, infoHash, 'seeding');
    expect(await row(b.page, infoHash).textContent()).toContain('100%');
    const copy = path.join(system.b.downloadDir, 'holiday');
    expectSameFiles(folder, copy, HOLIDAY);

    await selectOnly(b.page, infoHash);
    await b.page.getByTestId('action-pause').click();
    await waitForState(b.page, infoHash, 'paused');
    await expect.poll(() => row(b.page, infoHash).getByTestId('torrent-state').textContent()).toBe('Paused');
    await b.page.getByTestId('action-resume').click();
    await waitForState(b.page, infoHash, 'seeding');
    await expect.poll(() => row(b.page, infoHash).getByTestId('torrent-state').textContent()).toBe('Seeding');

    await b.page.getByTestId('action-remove').click();
    const dialog = b.page.getByTestId('remove-dialog');
    await expect.poll(() => dialog.getByTestId('remove-delete-data').isChecked()).toBe(false);
    await dialog.getByTestId('remove-confirm').click();
    await row(b.page, infoHash).waitFor({ state: 'detached' });
    expect(presentFiles(copy, HOLIDAY)).toEqual(HOLIDAY.map(([f]) => f));
    expect([...a.faults, ...b.faults]).toEqual([]);
  }, 60_000);

  it('shows a torrent named with markup as text everywhere, and removes it with its files', async (ctx) => {
    if (!browser) return ctx.skip();
    const folder = makeFolder(shareDir, MARKUP_NAME, MARKUP_FILES);
    const infoHash = await createInUi(a.page, folder);
    expect(await a.page.getByTestId('create-result').getByRole('heading', { level: 3 }).first().textContent()).toBe(
      `Created “${MARKUP_NAME}”`,
    );
    await publishInUi(a.page, MARKUP_TITLE, 'PC');
    await showView(a.page, 'torrents');
    expect(await row(a.page, infoHash).getByTestId('torrent-open').textContent()).toBe(MARKUP_NAME);

    await searchInUi(b.page, 'bold', infoHash);
    const result = b.page.locator(`[data-testid="search-result"][data-infohash="${infoHash}"]`);
    expect(await result.getByRole('link').textContent()).toBe(MARKUP_TITLE);
    expect(await result.locator('.sub').textContent()).toBe(MARKUP_NAME);
    await result.getByTestId('search-download').click();

    await showView(b.page, 'torrents');
    await waitForState(b.page, infoHash, 'seeding', DOWNLOAD_MS);
    const open = row(b.page, infoHash).getByTestId('torrent-open');
    expect(await open.textContent()).toBe(MARKUP_NAME);
    await open.click();
    await expect.poll(() => b.page.getByTestId('details-name').textContent()).toBe(MARKUP_NAME);
    const copy = path.join(system.b.downloadDir, MARKUP_NAME);
    expectSameFiles(folder, copy, MARKUP_FILES);

    await b.page.getByTestId('details-remove').click();
    const dialog = b.page.getByTestId('remove-dialog');
    expect(await dialog.locator('.remove-names li').allTextContents()).toEqual([MARKUP_NAME]);
    await dialog.getByTestId('remove-delete-data').check();
    await dialog.getByTestId('remove-confirm').click();
    await row(b.page, infoHash).waitFor({ state: 'detached' });
    await expect.poll(() => presentFiles(copy, MARKUP_FILES), { timeout: UI_MS }).toEqual([]);

    for (const { page } of [a, b]) {
      expect(await page.locator('img[src="x"], script:not([src]), b').count()).toBe(0);
    }
    expect([...a.faults, ...b.faults]).toEqual([]);
  }, 60_000);
});
