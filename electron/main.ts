import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  app,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  session as electronSession,
  shell,
  Tray,
  type BrowserWindow,
  type Event,
} from 'electron';
import { Session } from '../core/engine/session/session.js';
import { openAppWindow, saveAppWindowState } from './app-window.js';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol.js';
import {
  addDeepLink,
  LinkInbox,
  linkFromOpenFile,
  linkFromOpenUrl,
  linksFromArgv,
  type DeepLink,
} from './deep-links.js';
import { desktopActions, pickTorrentFiles } from './desktop-actions.js';
import { EVENT_CHANNEL, forwardEvents, ipcHandlers, registerIpc } from './ipc.js';
import { pauseAll, resumeAll, type BulkResult } from './library-actions.js';
import { appMenuTemplate } from './menu.js';
import { doneNotice, linkFailedNotice, type Notice } from './notifications.js';
import { desktopPaths } from './paths.js';
import { APP_SCHEME, lockSession, lockWebContents } from './security.js';
import {
  autostartFile,
  HIDDEN_ARG,
  startsHidden,
  systemLoginItem,
  xdgLoginItem,
  type LoginItem,
} from './start-on-login.js';
import { SpeedTotals, speedsLabel, trayMenuTemplate } from './tray.js';

/**
 * The desktop app's main process: it hosts the engine and wires Electron to it. Every decision
 * (window options, CSP, what may navigate or open, IPC checks, deep links, menus) lives in the
 * small modules it imports; this file only connects them.
 */

/** How long a quit waits for the engine to save its state before leaving anyway. */
const CLOSE_TIMEOUT_MS = 15_000;

const paths = desktopPaths({ env: process.env, appData: app.getPath('appData'), compiledDir: import.meta.dirname });
const devTools = !app.isPackaged;
const inbox = new LinkInbox();

class DesktopShell {
  private engine: Session | undefined;
  private window: BrowserWindow | undefined;
  private opening: Promise<BrowserWindow> | undefined;
  private tray: Tray | undefined;
  private readonly speeds = new SpeedTotals();
  private readonly stops: (() => void)[] = [];
  private quitRequested = false;
  private closed = false;
  private trayLabel = '';

  async start(): Promise<void> {
    lockSession(electronSession.defaultSession);
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(paths.uiDir, request.url));
    try {
      this.engine = await Session.open({ dataDir: paths.dataDir, defaultDownloadDir: app.getPath('downloads') });
    } catch (error) {
      dialog.showErrorBox(
        'Shoal cannot start',
        `The library in ${paths.dataDir} cannot be opened: ${(error as Error).message}`,
      );
      this.closed = true;
      app.exit(1);
      return;
    }
    this.wireEngine(this.engine);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(appMenuTemplate(this.actions, { platform: process.platform, devTools })),
    );
    this.tray = this.createTray();
    if (!startsHidden(process.argv) || this.tray === undefined) await this.showWindow();
    inbox.open((link) => void this.addLink(link));
  }

  /** Brings the window forward (from the tray, minimized), or opens it; a new one shows itself at its first paint. */
  async showWindow(): Promise<void> {
    if (this.closed || this.quitRequested) return;
    const window = this.window;
    if (window === undefined || window.isDestroyed()) {
      this.opening ??= this.createWindow().finally(() => (this.opening = undefined));
      this.window = await this.opening;
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** First call: closes the engine (saving its state), then quits for real. */
  onBeforeQuit(event: Event): void {
    if (this.closed) return;
    event.preventDefault();
    if (this.quitRequested) return;
    this.quitRequested = true;
    void this.shutdown().finally(() => {
      this.closed = true;
      app.quit();
    });
  }

  onAllWindowsClosed(): void {
    if (this.tray === undefined) app.quit();
  }

  private readonly actions = {
    openTorrentFile: () => {
      void pickTorrentFiles(this.window).then((files) => inbox.push(...files.map(linkFromOpenFile)));
    },
    pauseAll: () => this.bulk('pause', this.engine && pauseAll(this.engine)),
    resumeAll: () => this.bulk('resume', this.engine && resumeAll(this.engine)),
    quit: () => app.quit(),
    show: () => void this.showWindow(),
  };

  private wireEngine(engine: Session): void {
    const handlers = ipcHandlers({
      api: engine,
      desktop: desktopActions(engine, () => this.window, loginItem()),
      windowContentsId: () => (this.window && !this.window.isDestroyed() ? this.window.webContents.id : undefined),
      onRefused: (channel, reason) => console.warn(`Shoal: refused IPC on ${channel} from ${reason}`),
    });
    this.stops.push(registerIpc(ipcMain, handlers));
    this.stops.push(
      forwardEvents(engine.events, (event) => {
        if (this.window && !this.window.isDestroyed()) this.window.webContents.send(EVENT_CHANNEL, event);
      }),
    );
    this.stops.push(engine.events.on('torrent:done', ({ name }) => this.notify(doneNotice(name, process.platform))));
    this.stops.push(
      engine.events.on('torrent:progress', ({ torrents }) => {
        this.speeds.update(torrents);
        this.refreshTray();
      }),
    );
    this.stops.push(engine.events.on('torrent:removed', ({ infoHash }) => this.speeds.remove(infoHash)));
    engine
      .listTorrents()
      .then((torrents) => {
        this.speeds.reset(torrents);
        this.refreshTray();
      })
      .catch((e: unknown) => warn('cannot list the torrents', e));
  }

  private async createWindow(): Promise<BrowserWindow> {
    const window = await openAppWindow(paths, devTools);
    window.on('close', (event) => {
      // A quit saves the state itself, before the engine closes.
      if (this.quitRequested) return;
      void saveAppWindowState(window, paths.windowStateFile).catch((e: unknown) =>
        warn('cannot save the window state', e),
      );
      // With a tray, closing the window leaves the app seeding there; Quit ends it.
      if (this.tray !== undefined) {
        event.preventDefault();
        window.hide();
      }
    });
    return window;
  }

  private createTray(): Tray | undefined {
    try {
      const size = process.platform === 'linux' ? 24 : 16;
      const tray = new Tray(nativeImage.createFromPath(paths.icon).resize({ width: size, height: size }));
      tray.on('click', () => void this.showWindow());
      return tray;
    } catch (error) {
      warn('no tray icon', error);
      return undefined;
    }
  }

  private refreshTray(): void {
    if (this.tray === undefined || this.tray.isDestroyed()) return;
    const speeds = this.speeds.totals;
    const label = speedsLabel(speeds);
    if (label === this.trayLabel) return;
    this.trayLabel = label;
    this.tray.setToolTip(`Shoal  ${label}`);
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(speeds, this.actions)));
  }

  private async addLink(link: DeepLink): Promise<void> {
    if (this.engine === undefined) return;
    void this.showWindow();
    const result = await addDeepLink(this.engine, link);
    if (!result.ok && result.error.code !== 'exists')
      this.notify(linkFailedNotice(result.error.message, process.platform));
  }

  private bulk(what: string, work: Promise<BulkResult> | undefined): void {
    void work?.then(({ failures }) => {
      for (const failure of failures) console.warn(`Shoal: cannot ${what} a torrent: ${failure}`);
    });
  }

  private notify(notice: Notice): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body, icon: paths.icon });
    notification.on('click', () => void this.showWindow());
    notification.show();
  }

  private async shutdown(): Promise<void> {
    const window = this.window;
    if (window && !window.isDestroyed()) {
      await saveAppWindowState(window, paths.windowStateFile).catch((e: unknown) =>
        warn('cannot save the window state', e),
      );
    }
    for (const stop of this.stops.splice(0)) stop();
    this.tray?.destroy();
    if (this.engine) await withTimeout(this.engine.close(), CLOSE_TIMEOUT_MS);
  }
}

/** The start-on-login switch: Electron's login items where they exist, an XDG autostart entry on Linux. */
function loginItem(): LoginItem {
  const executable = process.env.APPIMAGE ?? process.execPath;
  const launch = app.isPackaged ? [executable] : [process.execPath, fileURLToPath(import.meta.url)];
  if (process.platform === 'linux') return xdgLoginItem(autostartFile(process.env, homedir()), [...launch, HIDDEN_ARG]);
  return systemLoginItem(app, { path: launch[0]!, args: [...launch.slice(1), HIDDEN_ARG] });
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      warn(`the engine did not close within ${ms / 1000} s`, undefined);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([work.catch((e: unknown) => warn('the engine did not close cleanly', e)), late]);
  } finally {
    clearTimeout(timer);
  }
}

function warn(what: string, error: unknown): void {
  console.warn(`Shoal: ${what}${error instanceof Error ? `: ${error.message}` : ''}`);
}

function openExternal(url: string): void {
  shell.openExternal(url).catch((e: unknown) => warn(`cannot open ${url}`, e));
}

function boot(): void {
  // One instance per data folder: Chromium's profile, and so the lock, sit inside it.
  app.setPath('userData', paths.profileDir);
  if (process.platform === 'win32') app.setAppUserModelId('org.shoal.desktop');
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const desktop = new DesktopShell();
  inbox.push(...linksFromArgv(process.argv, process.cwd()));
  app.on('web-contents-created', (_event, contents) => lockWebContents(contents, openExternal));
  app.on('second-instance', (_event, argv, workingDirectory) => {
    inbox.push(...linksFromArgv(argv, workingDirectory));
    void desktop.showWindow();
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    inbox.push(linkFromOpenFile(file));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.push(linkFromOpenUrl(url));
  });
  app.on('activate', () => void desktop.showWindow());
  app.on('window-all-closed', () => desktop.onAllWindowsClosed());
  app.on('before-quit', (event) => desktop.onBeforeQuit(event));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  // The installers register magnet: where they can; this covers the rest without taking it from another client.
  if (app.isPackaged && app.getApplicationNameForProtocol('magnet://') === '') app.setAsDefaultProtocolClient('magnet');
  void app.whenReady().then(() => desktop.start());
}

boot();
