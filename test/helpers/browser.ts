import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../bench/ui/chromium.js';
import { requireChromium } from './tools.js';

/**
 * The Chromium found on PATH (Debian's `chromium`), headless, with the flags that keep it off the
 * network (this machine has none): undefined on a machine without it (the test skips), an error in
 * CI, where .ci/run installs it.
 */
export async function launchChromium(): Promise<Browser | undefined> {
  const executablePath = requireChromium();
  if (executablePath === undefined) return undefined;
  return chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
}
