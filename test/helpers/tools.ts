import { spawnSync } from 'node:child_process';

/**
 * Whether a third-party program is on PATH. In CI (`CI=true`) a missing tool is a failure,
 * never a skip: `.ci/run` must install it. On a developer machine the test skips with a message.
 */
export function haveTool(program: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
  if (!found) {
    if (process.env.CI === 'true') {
      throw new Error(`${program} is not installed; .ci/run must install it (CI never skips)`);
    }
    console.warn(`skipping: ${program} is not installed on this machine`);
  }
  return found;
}
