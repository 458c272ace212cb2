import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktopPaths, revealTarget } from '../../electron/paths.js';
import { APP_INDEX_URL, isAllowedRequest, isAppUrl } from '../../electron/security.js';
import { appWebPreferences, mainWindowOptions, MIN_WINDOW_SIZE } from '../../electron/window-options.js';
import {
  DEFAULT_WINDOW_SIZE,
  loadWindowState,
  placeWindow,
  saveWindowState,
  type WindowState,
} from '../../electron/window-state.js';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 984 };

describe('the app window', () => {
  it('runs the page isolated, sandboxed, without Node and with web security', () => {
    const prefs = appWebPreferences('/app/dist/electron/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
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
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('partition');
  });

  it('loads only the app page: no remote content', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAllowedRequest('https://example.com/')).toBe(false);
  });

  it('opens hidden (shown at first paint) where the state says, no smaller than the minimum', () => {
    const options = mainWindowOptions({
      preload: '/p.cjs',
      state: { x: 10, y: 20, width: 1000, height: 700, maximized: false },
      devTools: true,
      dark: true,
      icon: '/icon.png',
    });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false, icon: '/icon.png' });
    expect(options.minWidth).toBe(MIN_WINDOW_SIZE.width);
    expect(options.minHeight).toBe(MIN_WINDOW_SIZE.height);
    expect(options.webPreferences?.devTools).toBe(true);
    expect(options.webPreferences?.sandbox).toBe(true);
    expect(options.backgroundColor).not.toBe(
      mainWindowOptions({ preload: '/p', state: options as WindowState, devTools: false, dark: false }).backgroundColor,
    );
  });

  it('is centred by the system when the state has no position', () => {
    const options = mainWindowOptions({
      preload: '/p.cjs',
      state: { width: 900, height: 600, maximized: false },
      devTools: false,
      dark: false,
    });
    expect(options).not.toHaveProperty('x');
    expect(options).not.toHaveProperty('y');
  });
});

describe('placeWindow', () => {
  it('uses the defaults, centred, the first time', () => {
    expect(placeWindow(undefined, [screen])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('fits the defaults on a small screen', () => {
    expect(placeWindow(undefined, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({
      width: 1024,
      height: 700,
      maximized: false,
    });
  });

  it('keeps a saved place that is on a screen, the second one too', () => {
    const saved = { x: 100, y: 50, width: 1100, height: 700, maximized: true };
    expect(placeWindow(saved, [screen, right])).toEqual(saved);
    const onRight = { x: 2000, y: 100, width: 1000, height: 800, maximized: false };
    expect(placeWindow(onRight, [screen, right])).toEqual(onRight);
  });

  it('centres a window whose screen is gone, keeping its size and maximized flag', () => {
    const saved = { x: 2000, y: 100, width: 1000, height: 800, maximized: true };
    expect(placeWindow(saved, [screen])).toEqual({ width: 1000, height: 800, maximized: true });
  });

  it('centres a window whose title bar is off every screen', () => {
    expect(placeWindow({ x: 100, y: -500, width: 1000, height: 520, maximized: false }, [screen])).not.toHaveProperty(
      'y',
    );
    expect(placeWindow({ x: 1900, y: 100, width: 1000, height: 700, maximized: false }, [screen])).not.toHaveProperty(
      'x',
    );
  });

  it('caps the size to the screen and raises it to the minimum', () => {
    expect(placeWindow({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [screen])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
      maximized: false,
    });
    expect(placeWindow({ x: 0, y: 0, width: 100, height: 100, maximized: false }, [screen])).toMatchObject(
      MIN_WINDOW_SIZE,
    );
  });
});

describe('the saved window state', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shoal-window-state-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('round-trips through the data folder, creating it', async () => {
    const file = path.join(dir, 'data', 'window-state.json');
    const state = { x: -1200, y: 30, width: 1000, height: 700, maximized: true };
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
  });

  it('is undefined when missing or damaged, so the defaults apply', async () => {
    expect(await loadWindowState(path.join(dir, 'none.json'))).toBeUndefined();
    for (const [name, text] of [
      ['truncated.json', '{"width": 10'],
      ['types.json', '{"width": "big", "height": 700, "maximized": false}'],
      ['fraction.json', '{"width": 10.5, "height": 700, "maximized": false}'],
      ['huge.json', '{"x": 1e12, "width": 100, "height": 700, "maximized": false}'],
      ['null.json', 'null'],
    ]) {
      const file = path.join(dir, name!);
      await writeFile(file, text!);
      expect(await loadWindowState(file), name).toBeUndefined();
    }
  });
});

describe('desktop paths', () => {
  it('keep the engine in $SHOAL_DATA_DIR and Chromium in a folder of its own inside it', () => {
    const p = desktopPaths({
      env: { SHOAL_DATA_DIR: 'rel/data' },
      appData: '/home/me/.config',
      compiledDir: '/opt/Shoal/resources/app.asar/dist/electron',
    });
    expect(p.dataDir).toBe(path.resolve('rel/data'));
    expect(p.profileDir).toBe(path.join(path.resolve('rel/data'), 'electron'));
    expect(p.windowStateFile).toBe(path.join(path.resolve('rel/data'), 'window-state.json'));
    expect(p.uiDir).toBe(path.join('/opt/Shoal/resources/app.asar', 'renderer', 'dist'));
    expect(p.preload).toBe(path.join('/opt/Shoal/resources/app.asar/dist/electron', 'preload.cjs'));
    expect(p.icon).toBe(path.join('/opt/Shoal/resources/app.asar', 'electron', 'assets', 'icon.png'));
  });

  it('default to <appData>/shoal', () => {
    expect(desktopPaths({ env: {}, appData: '/home/me/.config', compiledDir: '/x/dist/electron' }).dataDir).toBe(
      path.join('/home/me/.config', 'shoal'),
    );
  });

  it('reveal the torrent’s own file when it exists, else its save folder, never a path built from a hostile name', () => {
    const exists = (file: string) => file === path.join('/dl', 'Movie');
    expect(revealTarget('/dl', 'Movie', exists)).toBe(path.join('/dl', 'Movie'));
    expect(revealTarget('/dl', 'Other', exists)).toBe('/dl');
    for (const name of ['../etc', '..', '.', '', 'a/b', 'a\\b', 'a\0b']) {
      expect(
        revealTarget('/dl', name, () => true),
        name,
      ).toBe('/dl');
    }
  });
});
