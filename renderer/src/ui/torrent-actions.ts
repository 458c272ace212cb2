import { useMemo } from 'react';
import { useShell, type Shell } from './context.js';
import { messageOf } from './hooks.js';

export interface TorrentActions {
  pause(ids: readonly string[]): Promise<void>;
  resume(ids: readonly string[]): Promise<void>;
  recheck(ids: readonly string[]): Promise<void>;
  remove(ids: readonly string[], deleteData: boolean): Promise<void>;
}

type Verb = keyof TorrentActions;

/** Runs one command for each torrent; each failure becomes a notice naming the torrent and the engine's reason. */
async function each(shell: Shell, ids: readonly string[], verb: Verb, run: (id: string) => Promise<unknown>) {
  const results = await Promise.allSettled(ids.map(run));
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') return;
    const id = ids[i]!;
    const name = shell.store.get(id)?.name ?? id;
    shell.notify('error', `Could not ${verb} “${name}”: ${messageOf(result.reason)}`);
  });
}

export function useTorrentActions(): TorrentActions {
  const shell = useShell();
  return useMemo(() => {
    const { client } = shell;
    return {
      pause: (ids) => each(shell, ids, 'pause', (infoHash) => client.pause({ infoHash })),
      resume: (ids) => each(shell, ids, 'resume', (infoHash) => client.resume({ infoHash })),
      recheck: (ids) => each(shell, ids, 'recheck', (infoHash) => client.recheck({ infoHash })),
      remove: (ids, deleteData) => each(shell, ids, 'remove', (infoHash) => client.remove({ infoHash, deleteData })),
    };
  }, [shell]);
}
