import type { ApiEvent, ApiResponse, CommandName } from '../../core/api/index.js';

/**
 * What the Electron preload exposes as `window.shoal` through contextBridge, and nothing else.
 * Every method answers an ApiResponse, so errors keep their code across the bridge (a rejected
 * promise would lose it). Main validates every argument and checks the sender frame.
 */
export interface ShoalBridge {
  /** One control API call: the same command names and params as the daemon's HTTP. */
  invoke(name: CommandName, params: unknown): Promise<ApiResponse<unknown>>;
  /** Every engine event, in order; returns the unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** A native open dialog; an empty list when the user cancels. */
  pickPaths?(kind: 'file' | 'folder'): Promise<ApiResponse<string[]>>;
  /** The real path of a dropped file (webUtils.getPathForFile); '' when it has none. */
  pathForFile?(file: File): string;
  /** Shows the torrent's data in the system file manager. */
  showInFolder?(infoHash: string): Promise<ApiResponse<Record<string, never>>>;
  getStartOnLogin?(): Promise<ApiResponse<boolean>>;
  /** Answers the setting as it now is. */
  setStartOnLogin?(enabled: boolean): Promise<ApiResponse<boolean>>;
}

declare global {
  interface Window {
    shoal?: ShoalBridge;
  }
}
