import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, SHORTCUTS, type MenuActions } from '../../electron/menu.js';
import { displayText, doneNotice, linkFailedNotice } from '../../electron/notifications.js';
import { SpeedTotals, speedsLabel, trayMenuTemplate, type TrayActions } from '../../electron/tray.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function recorder<T extends object>(names: (keyof T)[]): { actions: T; calls: string[] } {
  const calls: string[] = [];
  const actions = Object.fromEntries(names.map((n) => [n, () => void calls.push(String(n))])) as T;
  return { actions, calls };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('SpeedTotals', () => {
  it('sums the last speed of each torrent across partial progress batches', () => {
    const totals = new SpeedTotals();
    totals.reset([
      { infoHash: A, downloadSpeed: 1000, uploadSpeed: 10 },
      { infoHash: B, downloadSpeed: 500, uploadSpeed: 20 },
    ]);
    expect(totals.totals).toEqual({ download: 1500, upload: 30 });
    totals.update([{ infoHash: A, downloadSpeed: 0, uploadSpeed: 100 } as never]);
    expect(totals.totals).toEqual({ download: 500, upload: 120 });
    totals.remove(B);
    expect(totals.totals).toEqual({ download: 0, upload: 100 });
    totals.reset([]);
    expect(totals.totals).toEqual({ download: 0, upload: 0 });
  });

  it('reads as a label', () => {
    expect(speedsLabel({ download: 1536 * 1024, upload: 0 })).toBe('↓ 1.5 MiB/s  ↑ 0 B/s');
  });
});

describe('the tray menu', () => {
  it('shows the total speeds as a label, then show, pause all, resume all and quit', () => {
    const { actions, calls } = recorder<TrayActions>(['show', 'pauseAll', 'resumeAll', 'quit']);
    const items = trayMenuTemplate({ download: 2048, upload: 1024 }, actions);
    expect(items[0]).toMatchObject({ label: '↓ 2 KiB/s  ↑ 1 KiB/s', enabled: false });
    for (const label of ['Show Shoal', 'Pause All', 'Resume All', 'Quit Shoal'])
      click(items.find((i) => i.label === label));
    expect(calls).toEqual(['show', 'pauseAll', 'resumeAll', 'quit']);
  });
});

describe('the application menu', () => {
  const names: (keyof MenuActions)[] = ['openTorrentFile', 'pauseAll', 'resumeAll', 'quit'];

  it.each(['linux', 'win32', 'darwin'] as const)(
    'on %s has the shortcuts, each once, wired to its action',
    (platform) => {
      const { actions, calls } = recorder<MenuActions>(names);
      const items = flatten(appMenuTemplate(actions, { platform, devTools: false }));
      const accelerators = items.flatMap((i) => (i.accelerator ? [String(i.accelerator)] : []));
      expect(new Set(accelerators).size).toBe(accelerators.length);
      for (const [action, accelerator] of Object.entries(SHORTCUTS)) {
        const item = items.find((i) => i.accelerator === accelerator);
        expect(item, action).toBeDefined();
        click(item);
        expect(calls.at(-1)).toBe(action);
      }
    },
  );

  it('keeps copy and paste working (macOS needs the Edit roles) and has an app menu only on macOS', () => {
    const { actions } = recorder<MenuActions>(names);
    const mac = appMenuTemplate(actions, { platform: 'darwin', devTools: false });
    const linux = appMenuTemplate(actions, { platform: 'linux', devTools: false });
    expect(mac[0]?.label).toBe('Shoal');
    expect(linux.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window']);
    const roles = flatten(mac).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo']));
  });

  it('offers reload and the developer tools only from the source tree', () => {
    const { actions } = recorder<MenuActions>(names);
    const roles = (devTools: boolean) =>
      flatten(appMenuTemplate(actions, { platform: 'linux', devTools })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });
});

describe('notifications', () => {
  it('say which download completed', () => {
    expect(doneNotice('Ubuntu 24.04', 'darwin')).toEqual({ title: 'Download complete', body: 'Ubuntu 24.04' });
    expect(linkFailedNotice('bad link', 'win32')).toEqual({ title: 'Could not add the torrent', body: 'bad link' });
  });

  it('show a hostile name as text: markup escaped on Linux, control and direction overrides dropped', () => {
    expect(displayText('<b>x</b> & <img src=y>', 'linux')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src=y&gt;');
    expect(displayText('<b>x</b>', 'win32')).toBe('<b>x</b>');
    expect(displayText('movie\u202Eexe.mp4\n\u0007', 'darwin')).toBe('movieexe.mp4');
  });

  it('cap long names without splitting a character', () => {
    const long = '😀'.repeat(300);
    const shown = displayText(long, 'darwin');
    expect([...shown]).toHaveLength(200);
    expect(shown.endsWith('😀…')).toBe(true);
  });
});
