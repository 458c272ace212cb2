import path from 'node:path';

/** Where the desktop app keeps its state and finds its own files. */
export interface DesktopPaths {
  /** The engine's data folder (library.sqlite, resume data) and the window state. */
  dataDir: string;
  /** Chromium's profile (caches, local storage), apart from the engine's files. */
  profileDir: string;
  windowStateFile: string;
  /** The built renderer, served as app://shoal/. */
  uiDir: string;
  preload: string;
  icon: string;
}

export interface PathSources {
  env: NodeJS.ProcessEnv;
  /** Electron's app.getPath('appData'): the per-user application data folder. */
  appData: string;
  /** The folder of the compiled main.js (dist/electron, inside app.asar once packaged). */
  compiledDir: string;
}

/**
 * `$SHOAL_DATA_DIR` when set (shoal up passes its own), else `<appData>/shoal`: on Windows and
 * macOS the same folder as the command line's default. The install's files sit where the build
 * put them relative to dist/electron, in the source tree and in app.asar alike.
 */
export function desktopPaths({ env, appData, compiledDir }: PathSources): DesktopPaths {
  const dataDir = env.SHOAL_DATA_DIR ? path.resolve(env.SHOAL_DATA_DIR) : path.join(appData, 'shoal');
  const installRoot = path.resolve(compiledDir, '..', '..');
  return {
    dataDir,
    profileDir: path.join(dataDir, 'electron'),
    windowStateFile: path.join(dataDir, 'window-state.json'),
    uiDir: path.join(installRoot, 'renderer', 'dist'),
    preload: path.join(compiledDir, 'preload.cjs'),
    icon: path.join(installRoot, 'electron', 'assets', 'icon.png'),
  };
}

/**
 * What "show in folder" reveals: the torrent's own file or folder when it exists, else the
 * folder it saves to. A name that is not one plain path element (a magnet's `dn` before the
 * metadata arrives can be anything) is never joined onto the path.
 */
export function revealTarget(savePath: string, name: string, exists: (file: string) => boolean): string {
  const plain = name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
  const own = plain ? path.join(savePath, name) : undefined;
  return own !== undefined && exists(own) ? own : savePath;
}
