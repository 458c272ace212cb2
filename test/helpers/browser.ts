import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { haveTool } from './tools.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags that keep it off the network (this machine has
 * none): undefined on a laptop without it (the test skips), an error in CI, where .ci/run installs it.
 */
export async function launchChromium(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM) && !haveTool('chromium')) return undefined;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
