import { afterEach, describe, expect, it, vi } from 'vitest';
import { requirePython, requireTool } from '../helpers/tools.js';

/** The helper every optional-tool test goes through: one skip line on a laptop, a failure in CI. */
const ci = process.env.CI;
afterEach(() => {
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
  vi.restoreAllMocks();
});

describe('test/helpers/tools.ts', () => {
  it('finds a program by absolute path or on PATH', () => {
    expect(requireTool(process.execPath)).toBe(true);
    expect(requireTool('sh')).toBe(true);
  });

  it('without CI, a missing tool skips with one line naming it and its package, once', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireTool('shoal-no-such-tool', 'shoal-tools')).toBe(false);
    expect(requireTool('shoal-no-such-tool', 'shoal-tools')).toBe(false);
    expect(warn.mock.calls).toEqual([
      ['skipping: shoal-no-such-tool is not available here; to run these tests: apt-get install shoal-tools'],
    ]);
  });

  it('knows the package of transmission-create', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('PATH', '/nonexistent');
    try {
      expect(requireTool('transmission-create')).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(String(warn.mock.calls[0])).toMatch(/apt-get install transmission-cli$/);
  });

  it('in CI, a missing tool or Python module throws: nothing skips there', () => {
    process.env.CI = 'true';
    expect(() => requireTool('shoal-missing-in-ci')).toThrow(
      /shoal-missing-in-ci is missing; \.ci\/run must provide it/,
    );
    expect(() => requirePython('shoal_no_such_module', 'python3-shoal')).toThrow(
      /the Python module shoal_no_such_module is missing.*apt-get install python3-shoal/,
    );
  });
});
