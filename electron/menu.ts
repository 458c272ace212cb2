import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openTorrentFile(): void;
  pauseAll(): void;
  resumeAll(): void;
  quit(): void;
}

export interface MenuSetup {
  platform: NodeJS.Platform;
  /** Reload and the developer tools, from the source tree only. */
  devTools: boolean;
}

/** Shortcuts of the app's own actions; the Edit, View and Window items keep their platforms' usual ones. */
export const SHORTCUTS = {
  openTorrentFile: 'CmdOrCtrl+O',
  pauseAll: 'CmdOrCtrl+Shift+P',
  resumeAll: 'CmdOrCtrl+Shift+R',
  quit: 'CmdOrCtrl+Q',
} as const;

/** The application menu. Edit's roles matter even unseen: on macOS copy and paste need them. */
export function appMenuTemplate(actions: MenuActions, setup: MenuSetup): MenuItemConstructorOptions[] {
  const mac = setup.platform === 'darwin';
  const quit: MenuItemConstructorOptions = {
    label: mac ? 'Quit Shoal' : 'Quit',
    accelerator: SHORTCUTS.quit,
    click: () => actions.quit(),
  };
  const macApp: MenuItemConstructorOptions = {
    label: 'Shoal',
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      quit,
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Torrent File…', accelerator: SHORTCUTS.openTorrentFile, click: () => actions.openTorrentFile() },
      { type: 'separator' },
      { label: 'Pause All', accelerator: SHORTCUTS.pauseAll, click: () => actions.pauseAll() },
      { label: 'Resume All', accelerator: SHORTCUTS.resumeAll, click: () => actions.resumeAll() },
      ...(mac ? [] : [{ type: 'separator' } as const, quit]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(setup.devTools
        ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  return [...(mac ? [macApp] : []), file, edit, view, window];
}
