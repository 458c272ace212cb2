import type { ShoalClient } from '../client/shoal-client.js';
import type { SpeedHistory } from './speed-history.js';
import type { TorrentStore } from './torrent-store.js';

export interface LiveOptions {
  /** A failed reload, for the page's error area. */
  onError(error: Error): void;
  now?: () => number;
}

/**
 * Keeps `store` (and `history`) in step with the engine: the whole list whenever the connection
 * comes up (events may have been missed meanwhile), then events only. A progress entry for an
 * unknown torrent, or a torrent whose metadata just arrived (its name and size changed), calls for
 * one more reload; reloads in flight are coalesced. Answers the function that stops it.
 */
export function keepLive(
  client: ShoalClient,
  store: TorrentStore,
  history: SpeedHistory,
  options: LiveOptions,
): () => void {
  const now = options.now ?? Date.now;
  let loading = false;
  let again = false;
  let stopped = false;

  const reload = (): void => {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    client
      .listTorrents()
      .then((list) => {
        if (!stopped) store.reset(list);
      })
      .catch((error: Error) => {
        if (!stopped) options.onError(error);
      })
      .finally(() => {
        loading = false;
        if (again && !stopped) {
          again = false;
          reload();
        }
      });
  };

  const offs = [
    client.onConnection((state) => {
      if (state.status === 'connected') reload();
    }),
    client.on('torrent:added', ({ torrent }) => store.upsert(torrent)),
    client.on('torrent:removed', ({ infoHash }) => {
      store.remove(infoHash);
      history.forget(infoHash);
    }),
    client.on('torrent:progress', ({ torrents }) => {
      const at = now();
      for (const t of torrents) history.record(t.infoHash, { at, down: t.downloadSpeed, up: t.uploadSpeed });
      if (store.applyProgress(torrents).length > 0) reload();
    }),
    client.on('torrent:state', ({ infoHash, state }) => {
      const before = store.setState(infoHash, state);
      if (before === undefined || (before === 'metadata' && state !== 'metadata')) reload();
    }),
    client.on('torrent:error', ({ infoHash, code, message }) => store.setError(infoHash, { code, message })),
    client.on('torrent:done', ({ infoHash }) => store.markDone(infoHash, now())),
  ];
  if (client.connection.status === 'connected') reload();

  return () => {
    stopped = true;
    for (const off of offs) off();
  };
}
