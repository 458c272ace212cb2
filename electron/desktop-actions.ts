import { existsSync } from 'node:fs';
import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { ShoalApi } from '../core/api/index.js';
import type { DesktopActions } from './ipc.js';
import { revealTarget } from './paths.js';
import type { LoginItem } from './start-on-login.js';

/** The bridge's desktop methods, done with Electron's dialogs, shell and the login item. */
export function desktopActions(
  api: Pick<ShoalApi, 'getTorrent'>,
  window: () => BrowserWindow | undefined,
  loginItem: LoginItem,
): DesktopActions {
  return {
    async pickPaths(kind) {
      return showOpenDialog(window(), { properties: [kind === 'file' ? 'openFile' : 'openDirectory'] });
    },
    async showInFolder(infoHash) {
      const torrent = await api.getTorrent({ infoHash });
      shell.showItemInFolder(revealTarget(torrent.savePath, torrent.name, existsSync));
    },
    getStartOnLogin: () => loginItem.get(),
    setStartOnLogin: (enabled) => loginItem.set(enabled),
  };
}

/** File ▸ Open Torrent File…: the chosen .torrent files, none when cancelled. */
export function pickTorrentFiles(window: BrowserWindow | undefined): Promise<string[]> {
  return showOpenDialog(window, {
    title: 'Open Torrent File',
    filters: [{ name: 'Torrent files', extensions: ['torrent'] }],
    properties: ['openFile', 'multiSelections'],
  });
}

async function showOpenDialog(window: BrowserWindow | undefined, options: OpenDialogOptions): Promise<string[]> {
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}
