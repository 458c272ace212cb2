import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { showView, UI_MS } from './ui.js';

/** Hashing and seeding a few MiB on a loaded machine: generous, still bounded. */
const CREATE_MS = 30_000;

/** In the Create view: shares `folder` (a path on the daemon's machine) and answers the new torrent's infohash. */
export async function createInUi(page: Page, folder: string): Promise<string> {
  await showView(page, 'create');
  const another = page.getByRole('button', { name: 'Create another' });
  if (await another.isVisible()) await another.click();
  await page.getByTestId('create-path').fill(folder);
  await page.getByTestId('create-submit').click();
  const result = page.getByTestId('create-result');
  await result.waitFor({ timeout: CREATE_MS });
  const infoHash = await result.getAttribute('data-infohash');
  expect(infoHash).toMatch(/^[0-9a-f]{40}$/);
  return infoHash!;
}

/** Right after createInUi: publishes the torrent with a title and a category; answers the page URL shown. */
export async function publishInUi(page: Page, title: string, category: string): Promise<string> {
  await page.getByTestId('publish-title').fill(title);
  await page.getByTestId('publish-category').selectOption({ label: category });
  await page.getByTestId('publish-submit').click();
  const link = page.getByTestId('publish-result').getByRole('link');
  await link.waitFor();
  return (await link.getAttribute('href')) ?? '';
}

/** In the Search view: searches for `query` and waits for the result of `infoHash`. */
export async function searchInUi(page: Page, query: string, infoHash: string): Promise<void> {
  await showView(page, 'search');
  await page.getByTestId('search-query').fill(query);
  await page.getByTestId('search-submit').click();
  await page.locator(`[data-testid="search-result"][data-infohash="${infoHash}"]`).waitFor({ timeout: UI_MS });
}

/** Selects only the given row's checkbox (the list's multi-select), so the toolbar acts on it. */
export async function selectOnly(page: Page, infoHash: string): Promise<void> {
  const boxes = page.getByTestId('torrent-select');
  for (const box of await boxes.all()) await box.setChecked(false);
  await page.locator(`[data-infohash="${infoHash}"] [data-testid="torrent-select"]`).check();
}
