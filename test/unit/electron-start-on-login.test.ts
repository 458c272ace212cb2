import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../core/protocol/errors.js';
import {
  autostartEntry,
  autostartFile,
  desktopExec,
  HIDDEN_ARG,
  startsHidden,
  systemLoginItem,
  xdgLoginItem,
} from '../../electron/start-on-login.js';
import { thrownBy } from '../helpers/thrown.js';

describe('the Exec line of an autostart entry', () => {
  it('leaves plain arguments alone', () => {
    expect(desktopExec(['/opt/Shoal/shoal', '--hidden'])).toBe('/opt/Shoal/shoal --hidden');
  });

  it('quotes reserved characters and escapes twice (quoting, then the string escapes)', () => {
    expect(desktopExec(['/home/me/My Apps/Shoal.AppImage'])).toBe('"/home/me/My Apps/Shoal.AppImage"');
    expect(desktopExec(['/a/$HOME"`x'])).toBe('"/a/\\\\$HOME\\\\"\\\\`x"');
    expect(desktopExec(['C:\\x'])).toBe('"C:\\\\\\\\x"');
    expect(desktopExec(['/a/100%'])).toBe('/a/100%%');
    expect(desktopExec([''])).toBe('""');
  });

  it('refuses a control character, which a one-line value cannot hold', () => {
    expect(thrownBy(() => desktopExec(['/a\nb']), CodedError).code).toBe('bad-path');
  });

  it('sits in a complete entry', () => {
    const entry = autostartEntry(['/opt/Shoal/shoal', HIDDEN_ARG]);
    expect(entry.split('\n')).toEqual(
      expect.arrayContaining(['[Desktop Entry]', 'Type=Application', 'Name=Shoal', 'Exec=/opt/Shoal/shoal --hidden']),
    );
  });
});

describe('the XDG autostart login item', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shoal-autostart-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lives under $XDG_CONFIG_HOME, or ~/.config when that is unset or relative', () => {
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe(
      path.join('/cfg', 'autostart', 'shoal.desktop'),
    );
    expect(autostartFile({ XDG_CONFIG_HOME: 'cfg' }, '/home/me')).toBe(
      path.join('/home/me', '.config', 'autostart', 'shoal.desktop'),
    );
    expect(autostartFile({}, '/home/me')).toBe(path.join('/home/me', '.config', 'autostart', 'shoal.desktop'));
  });

  it('is written, read back and removed', async () => {
    const file = path.join(dir, 'autostart', 'shoal.desktop');
    const item = xdgLoginItem(file, ['/opt/Shoal/shoal', HIDDEN_ARG]);
    expect(await item.get()).toBe(false);
    expect(await item.set(true)).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('Exec=/opt/Shoal/shoal --hidden\n');
    expect(await item.set(false)).toBe(false);
    expect(await item.set(false)).toBe(false);
  });

  it('counts an entry for another command as off', async () => {
    const file = path.join(dir, 'other', 'shoal.desktop');
    await xdgLoginItem(file, ['/old/path/shoal']).set(true);
    expect(await xdgLoginItem(file, ['/new/path/shoal']).get()).toBe(false);
  });
});

describe('the system login item (macOS, Windows)', () => {
  it('passes the same path and arguments when writing and reading', async () => {
    let stored = { openAtLogin: false, path: '', args: [] as string[] };
    const app = {
      getLoginItemSettings: (options?: { path?: string; args?: string[] }) => ({
        openAtLogin:
          stored.openAtLogin && stored.path === options?.path && stored.args.join() === options?.args?.join(),
      }),
      setLoginItemSettings: (settings: { openAtLogin?: boolean; path?: string; args?: string[] }) => {
        stored = { openAtLogin: settings.openAtLogin ?? false, path: settings.path ?? '', args: settings.args ?? [] };
      },
    };
    const item = systemLoginItem(app as never, { path: 'C:\\Shoal\\Shoal.exe', args: [HIDDEN_ARG] });
    expect(await item.get()).toBe(false);
    expect(await item.set(true)).toBe(true);
    expect(stored).toEqual({ openAtLogin: true, path: 'C:\\Shoal\\Shoal.exe', args: [HIDDEN_ARG] });
    expect(await item.set(false)).toBe(false);
  });
});

describe('startsHidden', () => {
  it('is true only with the login flag', () => {
    expect(startsHidden(['/opt/Shoal/shoal', HIDDEN_ARG])).toBe(true);
    expect(startsHidden(['/opt/Shoal/shoal', 'x.torrent'])).toBe(false);
  });
});
