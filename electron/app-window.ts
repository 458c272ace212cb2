import { BrowserWindow, nativeTheme, screen } from 'electron';
import type { DesktopPaths } from './paths.js';
import { APP_INDEX_URL } from './security.js';
import { mainWindowOptions } from './window-options.js';
import { loadWindowState, placeWindow, saveWindowState, type WindowState } from './window-state.js';

/** The app window where it was last time, shown at its first paint, with the app's page loaded. */
export async function openAppWindow(paths: DesktopPaths, devTools: boolean): Promise<BrowserWindow> {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  const state = placeWindow(
    await loadWindowState(paths.windowStateFile),
    [primary, ...others].map((d) => d.workArea),
  );
  const window = new BrowserWindow(
    mainWindowOptions({
      preload: paths.preload,
      state,
      devTools,
      dark: nativeTheme.shouldUseDarkColors,
      icon: paths.icon,
    }),
  );
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.loadURL(APP_INDEX_URL).catch((error: unknown) => {
    console.error(`Shoal: cannot load ${APP_INDEX_URL}: ${(error as Error).message}`);
  });
  return window;
}

/** Saves the window's normal (unmaximized) bounds and whether it is maximized. */
export async function saveAppWindowState(window: BrowserWindow, file: string): Promise<void> {
  const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
  await saveWindowState(file, state);
}
