import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowState } from './window-state.js';

export const MIN_WINDOW_SIZE = { width: 760, height: 500 } as const;

/** Behind the first paint, so that opening the window does not flash the other theme. */
const BACKGROUND = { light: '#ffffff', dark: '#1b1d21' } as const;

/**
 * The renderer as a web page and nothing more: no Node in any of its frames or workers, its
 * own JavaScript world apart from the preload's, Chromium's sandbox, same-origin rules, no
 * webviews, no insecure content and no navigation by dropping a file on it.
 */
export function appWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export interface MainWindowSetup {
  /** The compiled preload script (CommonJS: a sandboxed preload cannot be an ES module). */
  preload: string;
  /** Where and how big, as window-state.ts placed it. */
  state: WindowState;
  /** Only when running from the source tree, never in a packaged app. */
  devTools: boolean;
  dark: boolean;
  icon?: string;
}

/** The app window, hidden until its first paint (main shows it on 'ready-to-show'). */
export function mainWindowOptions(setup: MainWindowSetup): BrowserWindowConstructorOptions {
  const { x, y, width, height } = setup.state;
  return {
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Shoal',
    show: false,
    backgroundColor: setup.dark ? BACKGROUND.dark : BACKGROUND.light,
    ...(setup.icon === undefined ? {} : { icon: setup.icon }),
    webPreferences: appWebPreferences(setup.preload, setup.devTools),
  };
}
