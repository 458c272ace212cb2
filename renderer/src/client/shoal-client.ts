import type { ApiEventMap, EventName, ShoalApi } from '../../../core/api/index.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the host cannot be reached or refused, for people. */
  message?: string;
  /** When the next attempt starts (ms since the epoch), while disconnected. */
  retryAt?: number;
}

export type ApiListener<K extends EventName> = (payload: ApiEventMap[K]) => void;

/** What only the desktop app can do (the preload's optional bridge methods); absent in a browser. */
export interface DesktopFeatures {
  pickPaths?(kind: 'file' | 'folder'): Promise<string[]>;
  /** The path of a dropped file on this machine, or undefined when it has none. */
  pathForFile?(file: File): string | undefined;
  showInFolder?(infoHash: string): Promise<void>;
  startOnLogin?: { get(): Promise<boolean>; set(enabled: boolean): Promise<boolean> };
}

/**
 * The renderer's one way to the engine, whichever host it runs in: the control API's commands,
 * its events, and whether the host is reachable. Commands reject with an ApiError.
 */
export interface ShoalClient extends ShoalApi {
  /** 'ipc' in the desktop app, 'http' in a browser talking to the daemon. */
  readonly transport: 'ipc' | 'http';
  readonly connection: ConnectionState;
  readonly desktop: DesktopFeatures | undefined;
  on<K extends EventName>(event: K, listener: ApiListener<K>): () => void;
  /** Called on every change of `connection`; a change to 'connected' means events may have been missed. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Tries to connect now instead of at the next retry (nothing to do over IPC). */
  reconnect(): void;
  /** Stops listening and reconnecting. Safe to call twice. */
  close(): void;
}
