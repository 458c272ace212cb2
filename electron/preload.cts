import type { ApiEvent, ApiResponse, CommandName } from '../core/api/index.js';
// A sandboxed preload runs as CommonJS and may require only Electron's renderer modules: no ES
// module syntax for values, and no files of ours (the channel names below repeat ipc.ts's, which
// test/unit/electron-ipc.test.ts holds them to).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import electron = require('electron');

/**
 * `window.shoal`: the control API and the desktop actions, as renderer/src/bridge.d.ts declares
 * them, and nothing else. No Electron object crosses (no ipcRenderer, no IPC event): each method
 * forwards its arguments to one channel, and main checks the sender and validates every argument.
 */

const API_CHANNEL_PREFIX = 'shoal:api:';
const EVENT_CHANNEL = 'shoal:event';
const DESKTOP_CHANNELS = {
  pickPaths: 'shoal:desktop:pickPaths',
  showInFolder: 'shoal:desktop:showInFolder',
  getStartOnLogin: 'shoal:desktop:getStartOnLogin',
  setStartOnLogin: 'shoal:desktop:setStartOnLogin',
} as const;

type EventListener = (event: ApiEvent) => void;
const listeners = new Set<EventListener>();

electron.ipcRenderer.on(EVENT_CHANNEL, (_event, message: ApiEvent) => {
  for (const listener of listeners) {
    try {
      listener(message);
    } catch (error) {
      console.error('a window.shoal event listener threw', error);
    }
  }
});

function call<T>(channel: string, ...args: unknown[]): Promise<ApiResponse<T>> {
  return electron.ipcRenderer.invoke(channel, ...args) as Promise<ApiResponse<T>>;
}

const bridge = {
  invoke: (name: CommandName, params: unknown): Promise<ApiResponse<unknown>> =>
    call(`${API_CHANNEL_PREFIX}${String(name)}`, params),
  onEvent(listener: EventListener): () => void {
    // An entry per subscription, so that one function subscribed twice is unsubscribed once per call.
    const own: EventListener = (event) => listener(event);
    listeners.add(own);
    return () => void listeners.delete(own);
  },
  pickPaths: (kind: 'file' | 'folder'): Promise<ApiResponse<string[]>> => call(DESKTOP_CHANNELS.pickPaths, kind),
  pathForFile(file: File): string {
    try {
      return electron.webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },
  showInFolder: (infoHash: string): Promise<ApiResponse<Record<string, never>>> =>
    call(DESKTOP_CHANNELS.showInFolder, infoHash),
  getStartOnLogin: (): Promise<ApiResponse<boolean>> => call(DESKTOP_CHANNELS.getStartOnLogin),
  setStartOnLogin: (enabled: boolean): Promise<ApiResponse<boolean>> => call(DESKTOP_CHANNELS.setStartOnLogin, enabled),
  platform: process.platform,
};

electron.contextBridge.exposeInMainWorld('shoal', bridge);
