import type { Locator, Page } from 'playwright-core';
import { hasFocus } from './ui.js';

/** What has the focus: its data-testid, else its tag, role and accessible label, for messages. */
export function focused(page: Page): Promise<string> {
  // A string: the tests' TypeScript program has no DOM types.
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const id = el.getAttribute('data-testid');
    if (id) return id;
    const label = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
    return el.tagName.toLowerCase() + ' "' + label + '"';
  })()`);
}

/**
 * Presses Tab (Shift+Tab when `backwards`) until `target` (a data-testid, or one element) has the
 * focus, at most `max` times; throws with the focus path otherwise. Proves a control is reachable
 * by keyboard alone, in tab order.
 */
export async function tabTo(
  page: Page,
  target: string | Locator,
  { max = 40, backwards = false } = {},
): Promise<number> {
  const path: string[] = [];
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    const reached = typeof target === 'string' ? now === target : await hasFocus(target);
    if (reached) return presses;
    path.push(now);
  }
  const name = typeof target === 'string' ? target : String(target);
  throw new Error(`${name} not reached with ${max} ${backwards ? 'Shift+Tab' : 'Tab'}: ${path.join(' → ')}`);
}
