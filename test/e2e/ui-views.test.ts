import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { selectOnly } from './support/actions.js';
import { focused, tabTo } from './support/keyboard.js';
import { fillLibrary, type Library } from './support/library.js';
import { startSystem, type System } from './support/system.js';
import {
  captureView,
  openUi,
  progressValue,
  row,
  seriousViolations,
  showView,
  UI_MS,
  waitForState,
  type UiPage,
} from './support/ui.js';

/**
 * Every main view of daemon B's web UI with a library in every state: a screenshot of each in the
 * light and the dark theme (docs/screenshots/, shown in the README), axe-core run in the page on
 * each with no serious or critical violation, and the main actions done by keyboard alone.
 */

let browser: Browser | undefined;
let system: System;
let library: Library;
let ui: UiPage;

beforeAll(async () => {
  browser = await launchChromium();
  if (!browser) return;
  system = await startSystem();
  library = await fillLibrary(system);
  ui = await openUi(browser, system.b);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
}, 30_000);

describe('the web UI, view by view', () => {
  it('has a screenshot of each main view in both themes, and no serious axe violation in any', async (ctx) => {
    if (!browser) return ctx.skip();
    const { page } = ui;
    await waitForState(page, library.seeding, 'seeding');
    await waitForState(page, library.paused, 'paused');
    await waitForState(page, library.error, 'error');
    await waitForState(page, library.metadata, 'metadata');
    await waitForState(page, library.downloading, 'downloading');
    // Some bytes in, so that the bar, the speed and the ETA show something.
    const progress = row(page, library.downloading).getByTestId('torrent-progress');
    await expect.poll(() => progressValue(progress), { timeout: UI_MS, interval: 250 }).toBeGreaterThan(0.01);
    const problems: string[] = [];
    problems.push(...(await captureView(page, 'list')));

    await row(page, library.downloading).getByTestId('torrent-open').click();
    await page.getByTestId('details-panel').getByRole('tab', { name: 'General' }).waitFor();
    problems.push(...(await captureView(page, 'details')));
    for (const tab of ['Files', 'Peers', 'Trackers', 'Pieces', 'Speed']) {
      await page.getByTestId('details-panel').getByRole('tab', { name: tab }).click();
      problems.push(...(await seriousViolations(page)).map((p) => `details ${tab}: ${p}`));
    }
    await page.getByRole('button', { name: 'Close details' }).click();

    await selectOnly(page, library.paused);
    await page.getByTestId('action-remove').click();
    await page.getByTestId('remove-dialog').waitFor();
    problems.push(...(await captureView(page, 'remove-dialog')));
    await page.keyboard.press('Escape');
    await page.getByTestId('remove-dialog').waitFor({ state: 'detached' });

    await page.getByTestId('add-open').click();
    await page.getByTestId('add-magnet').waitFor();
    problems.push(...(await captureView(page, 'add-dialog')));
    await page.keyboard.press('Escape');
    await page.getByTestId('add-magnet').waitFor({ state: 'detached' });

    await showView(page, 'create');
    await page.getByTestId('create-path').fill('/home/me/Videos/holiday');
    problems.push(...(await captureView(page, 'create')));

    await showView(page, 'search');
    await page.getByTestId('search-query').fill('');
    await page.getByTestId('search-submit').click();
    await expect.poll(() => page.getByTestId('search-result').count(), { timeout: UI_MS }).toBe(3);
    problems.push(...(await captureView(page, 'search')));

    await showView(page, 'settings');
    await page.getByTestId('settings-form').waitFor();
    problems.push(...(await captureView(page, 'settings')));

    await showView(page, 'torrents');
    expect(problems).toEqual([]);
    expect(ui.faults).toEqual([]);
  }, 60_000);

  it('reaches every main action by keyboard alone, focus landing on the expected control', async (ctx) => {
    if (!browser) return ctx.skip();
    const { page } = ui;
    await page.reload();
    await page.getByTestId('list-filter').waitFor({ state: 'visible' });

    // Views: Tab to the navigation, Enter shows the view, the next Tab lands on its first field.
    for (const [view, first] of [
      ['create', 'create-path'],
      ['search', 'search-query'],
      ['settings', 'settings-downloadDir'],
    ] as const) {
      await page.locator('body').focus();
      await tabTo(page, `nav-${view}`);
      await page.keyboard.press('Enter');
      await page.getByTestId(view === 'settings' ? 'settings-form' : `${view}-view`).waitFor({ state: 'visible' });
      await tabTo(page, first, { max: 3 });
    }

    // The list: select a row with Space, then pause and resume it from the toolbar.
    await page.locator('body').focus();
    await tabTo(page, 'nav-torrents');
    await page.keyboard.press('Enter');
    const box = row(page, library.seeding).getByTestId('torrent-select');
    await tabTo(page, box);
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await tabTo(page, 'action-pause', { backwards: true });
    await page.keyboard.press('Enter');
    await waitForState(page, library.seeding, 'paused');
    await tabTo(page, 'action-resume', { backwards: true, max: 2 });
    await page.keyboard.press('Enter');
    await waitForState(page, library.seeding, 'seeding');

    // Opening a row's details is its name's button; Delete on a selection asks to remove; Escape closes and gives focus back.
    await tabTo(page, row(page, library.seeding).getByTestId('torrent-open'));
    await page.keyboard.press('Enter');
    await page.getByTestId('details-panel').waitFor();
    await tabTo(page, 'action-remove', { backwards: true });
    await page.keyboard.press('Enter');
    await page.getByTestId('remove-dialog').waitFor();
    expect(await focused(page)).toMatch(/Cancel/);
    await page.keyboard.press('Escape');
    await page.getByTestId('remove-dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('action-remove');

    // Adding: the header's button opens the dialog with the focus inside it.
    await tabTo(page, 'add-open', { backwards: true });
    await page.keyboard.press('Enter');
    await page.getByTestId('add-magnet').waitFor();
    expect(await page.evaluate<boolean>("document.activeElement?.closest('dialog') !== null")).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('add-magnet').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('add-open');
    expect(ui.faults).toEqual([]);
  }, 60_000);
});
