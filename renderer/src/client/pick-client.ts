import { HttpClient } from './http-client.js';
import { IpcClient } from './ipc-client.js';
import type { ShoalClient } from './shoal-client.js';
import { takeToken, TOKEN_KEY, type TokenStore } from './token.js';

/** Browsers may refuse storage (privacy settings): the token then lasts as long as the page. */
function tabStorage(): TokenStore {
  try {
    window.sessionStorage.getItem(TOKEN_KEY);
    return window.sessionStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) };
  }
}

const storage = tabStorage();

/** The desktop app's client when the page runs in Electron (the preload put `window.shoal` there). */
export function desktopClient(): ShoalClient | undefined {
  return window.shoal ? new IpcClient(window.shoal) : undefined;
}

/** Whether this page came from a web server (the daemon) rather than a file. */
export function servedOverHttp(): boolean {
  return window.location.protocol === 'http:' || window.location.protocol === 'https:';
}

/** The token the page was opened with or stored earlier in this tab. */
export function pageToken(): string | undefined {
  return takeToken(window.location, storage, (url) => window.history.replaceState(null, '', url));
}

export function rememberToken(token: string): void {
  storage.setItem(TOKEN_KEY, token);
}

/** The client of the daemon that served this page. */
export function daemonClient(token: string): ShoalClient {
  return new HttpClient({
    baseUrl: window.location.origin,
    token,
    fetch: (url, init) => window.fetch(url, init),
    WebSocket: window.WebSocket,
  });
}
