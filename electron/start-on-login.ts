import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from 'electron';
import { CodedError } from '../core/protocol/errors.js';

/** Passed when the system starts the app at login: it opens in the tray, without its window. */
export const HIDDEN_ARG = '--hidden';

export function startsHidden(argv: readonly string[]): boolean {
  return argv.includes(HIDDEN_ARG);
}

/** The start-on-login setting, as the system keeps it. */
export interface LoginItem {
  get(): Promise<boolean>;
  /** Answers the setting as it now is. */
  set(enabled: boolean): Promise<boolean>;
}

/** macOS and Windows: Electron's login items. `args` must be the same when reading (Windows compares them). */
export function systemLoginItem(
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>,
  launch: { path: string; args: string[] },
): LoginItem {
  const get = async () => app.getLoginItemSettings({ path: launch.path, args: launch.args }).openAtLogin;
  return {
    get,
    async set(enabled) {
      app.setLoginItemSettings({ openAtLogin: enabled, path: launch.path, args: launch.args });
      return get();
    },
  };
}

/** `$XDG_CONFIG_HOME/autostart/shoal.desktop`: Electron keeps no login items on Linux; the desktops read this folder. */
export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart', 'shoal.desktop');
}

/** Linux: an XDG autostart entry that runs `command` (executable first), there or not. */
export function xdgLoginItem(file: string, command: readonly string[]): LoginItem {
  const entry = autostartEntry(command);
  const get = async () => {
    try {
      return (await readFile(file, 'utf8')) === entry;
    } catch {
      return false;
    }
  };
  return {
    get,
    async set(enabled) {
      if (enabled) {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, entry);
      } else {
        await rm(file, { force: true });
      }
      return get();
    },
  };
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Shoal',
    'Comment=Share files peer to peer',
    `Exec=${desktopExec(command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * An Exec value (Desktop Entry Specification, "The Exec key"): an argument with a reserved
 * character is double-quoted with `"`, `` ` ``, `$` and `\` backslash-escaped; then the string
 * escapes apply on top (`\` as `\\`), and `%` is doubled since it starts a field code.
 */
export function desktopExec(command: readonly string[]): string {
  return command.map(execArgument).join(' ');
}

function execArgument(arg: string): string {
  // eslint-disable-next-line no-control-regex -- a desktop file value is one line of text
  if (/[\u0000-\u001f\u007f]/.test(arg)) {
    throw new CodedError(
      'bad-path',
      `cannot write a start-on-login entry for ${JSON.stringify(arg)}: it holds a control character`,
    );
  }
  const quoted = /[\s"'\\><~|&;$*?#()`]/.test(arg) || arg === '' ? `"${arg.replace(/["`$\\]/g, '\\$&')}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}
