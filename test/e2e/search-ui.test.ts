import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { makeTorrent, publishTorrent, startTestSearchServer, type TestSearchServer } from '../helpers/search-server.js';

let browser: Browser | undefined;
let server: TestSearchServer;
let torrentPage: string;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startTestSearchServer({ anonymousPublish: true });
  const longName = 'A.Very.Long.Release.Name.Without.Any.Spaces.2026.2160p.UHD.BluRay.REMUX.HDR.HEVC.Atmos-GROUP';
  const published = await publishTorrent(server.url, makeTorrent({ name: longName }));
  torrentPage = ((await published.json()) as { url: string }).url;
});

afterAll(async () => {
  await browser?.close();
  await server.stop();
});

/** A page that records console errors: a CSP violation or a failed load shows up there. */
async function openPage(width: number, javaScriptEnabled: boolean): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage({ viewport: { width, height: 800 }, javaScriptEnabled });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('requestfailed', (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  return { page, errors };
}

describe('search server pages in Chromium', () => {
  it('with JavaScript off: publishes through the form, finds the torrent, opens its page', async (ctx) => {
    if (!browser) return ctx.skip();
    const { page, errors } = await openPage(1100, false);
    const file = join(mkdtempSync(join(tmpdir(), 'shoal-e2e-')), 'upload.torrent');
    writeFileSync(
      file,
      makeTorrent({ name: 'Chromium Test Folder', files: [{ path: ['a', 'clip.mkv'], length: 70_000 }] }),
    );

    await page.goto(`${server.url}/publish`);
    await page.getByLabel('.torrent file').setInputFiles(file);
    await page.getByLabel("Title (default: the torrent's name)").fill('Ocean <Waves> & "Shoals"');
    await page.getByRole('button', { name: /publish/i }).click();
    await expect.poll(() => page.url()).toMatch(/\/t\/[0-9a-f]{40}$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ocean <Waves> & "Shoals"');
    expect(await page.getByText('clip.mkv').count()).toBe(1);
    expect(await page.locator('a[href^="magnet:?xt=urn:btih:"]').count()).toBeGreaterThan(0);

    await page.goto(`${server.url}/`);
    await page.getByRole('searchbox').fill('waves');
    await page.getByRole('searchbox').press('Enter');
    await expect.poll(() => page.url()).toContain('/search?q=waves');
    await page.getByRole('link', { name: 'Ocean <Waves> & "Shoals"' }).click();
    await expect.poll(() => page.url()).toMatch(/\/t\/[0-9a-f]{40}$/);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone screen with no horizontal scrolling and no CSP violation on any page', async (ctx) => {
    if (!browser) return ctx.skip();
    const { page, errors } = await openPage(360, true);
    const pages = [
      ['/', 200],
      ['/search?q=release', 200],
      [new URL(torrentPage).pathname, 200],
      ['/publish', 200],
      ['/t/missing', 404],
    ] as const;
    for (const [path, status] of pages) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(status);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    // The 404 page's own status is logged as a failed load; anything else is a fault (CSP, missing asset).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await page.close();
  });
});
