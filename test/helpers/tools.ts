import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The one place that decides whether a test may use an optional tool or facility (a program,
 * a Python module, Chromium, IPv6 loopback). On a developer machine a missing one makes its tests
 * skip, with ONE line on stderr naming it and the package that brings it. In CI (`CI=true`) a
 * missing one throws instead: `.ci/run` installs everything, so nothing may skip there.
 *
 *   describe.runIf(requireTool('mktorrent'))('against mktorrent', …)
 *   const python = requirePython('libtorrent', 'python3-libtorrent');  // the interpreter, or undefined
 *   const chromium = requireChromium();                                 // its executable, or undefined
 *   describe.runIf(requireIpv6Loopback())('over ::1', …)
 *
 * Each answer is cached, so a facility asked for twice prints its line once.
 */

/** Debian packages of the programs whose package has another name. */
const PACKAGE_OF: Record<string, string> = {
  'transmission-create': 'transmission-cli',
  'transmission-show': 'transmission-cli',
};
/** Debian's interpreter first: its dist-packages hold python3-libtorrent, which a pyenv python on PATH does not see. */
const PYTHONS = ['/usr/bin/python3', 'python3'];
const CHROMIUMS = ['chromium', 'chromium-browser'];

const decided = new Map<string, unknown>();

/**
 * Whether `program` (a name looked up on PATH, or an absolute path) can be run; `aptPackage` is
 * the Debian package that installs it (known for the programs the tests use).
 */
export function requireTool(program: string, aptPackage = PACKAGE_OF[program] ?? program): boolean {
  return decide(
    `tool:${program}`,
    () => findExecutable(program) !== undefined,
    program,
    `apt-get install ${aptPackage}`,
  );
}

/**
 * The Python interpreter that can `import module` (Debian's /usr/bin/python3 first), or undefined;
 * `aptPackage` is the Debian package that installs the module.
 */
export function requirePython(module: string, aptPackage: string): string | undefined {
  return decide(
    `python:${module}`,
    () =>
      PYTHONS.map(findExecutable).find(
        (python) =>
          python !== undefined && spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0,
      ),
    `the Python module ${module}`,
    `apt-get install ${aptPackage}`,
  );
}

/** The real path of the Chromium executable found on PATH, or undefined. */
export function requireChromium(): string | undefined {
  return decide(
    'chromium',
    () => {
      const found = CHROMIUMS.map(findExecutable).find((path) => path !== undefined);
      return found && realpathSync(found);
    },
    'chromium',
    'apt-get install chromium',
  );
}

/** Whether this machine has an IPv6 loopback address (::1) to bind to. */
export function requireIpv6Loopback(): boolean {
  return decide(
    'ipv6-loopback',
    () =>
      Object.values(networkInterfaces())
        .flat()
        .some((a) => a?.internal === true && a.family === 'IPv6' && a.address === '::1'),
    'IPv6 loopback (::1)',
    'enable IPv6 on the loopback interface (sysctl net.ipv6.conf.lo.disable_ipv6=0)',
  );
}

/** The same as `requireTool`, for the callers written before it. */
export const haveTool = requireTool;

function decide<T>(key: string, probe: () => T, what: string, howToGet: string): T {
  if (decided.has(key)) return decided.get(key) as T;
  const found = probe();
  if (!found) {
    if (process.env.CI === 'true') {
      throw new Error(`${what} is missing; .ci/run must provide it (${howToGet}): in CI nothing skips`);
    }
    console.warn(`skipping: ${what} is not available here; to run these tests: ${howToGet}`);
  }
  decided.set(key, found);
  return found;
}

/** `program` itself when it is an absolute path, else the first executable regular file of that name on PATH. */
function findExecutable(program: string): string | undefined {
  const candidates = isAbsolute(program)
    ? [program]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, program));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}
