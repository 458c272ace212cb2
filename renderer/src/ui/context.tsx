import { createContext, useContext } from 'react';
import type { ShoalClient } from '../client/shoal-client.js';
import type { SpeedHistory } from '../model/speed-history.js';
import type { TorrentStore } from '../model/torrent-store.js';

export type NoticeKind = 'info' | 'error';

export interface Shell {
  client: ShoalClient;
  store: TorrentStore;
  history: SpeedHistory;
  /** Tells the person something happened (an error stays until dismissed). */
  notify(kind: NoticeKind, text: string): void;
}

const ShellContext = createContext<Shell | undefined>(undefined);

export const ShellProvider = ShellContext.Provider;

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell outside of ShellProvider');
  return shell;
}
