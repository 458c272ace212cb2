import { describe, expect, it } from 'vitest';
import { CheckQueue } from '../../../core/engine/session/check-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('CheckQueue', () => {
  it('runs checks one at a time in the order they came, and a failed one does not hold the rest', async () => {
    const queue = new CheckQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const check = (name: string, fails = false) =>
      queue.run(async () => {
        most = Math.max(most, ++running);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running--;
        if (fails) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([check('a'), check('b', true), check('c')]);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b failed',
      'c',
    ]);
  });
});
