import { useCallback, useEffect, useState } from 'react';
import type { TorrentDetails } from '../../../core/api/index.js';
import { withProgress } from '../model/details.js';
import { useShell } from './context.js';
import { messageOf, useApiEvent } from './hooks.js';

/** Peers, trackers and pieces are not in events: the open details ask for them this often. */
const REFRESH_MS = 2000;

export interface DetailsState {
  details: TorrentDetails | undefined;
  error: string | undefined;
  /** Replaces the shown details at once (an optimistic change). */
  set(details: TorrentDetails): void;
  refresh(): void;
}

export function useDetails(infoHash: string): DetailsState {
  const { client } = useShell();
  const [details, setDetails] = useState<TorrentDetails>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let current = true;
    client
      .getTorrent({ infoHash })
      .then((d) => {
        if (!current) return;
        setDetails(d);
        setError(undefined);
      })
      .catch((e: unknown) => current && setError(messageOf(e)));
    const timer = setTimeout(() => setTick((t) => t + 1), REFRESH_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, infoHash, tick]);

  useEffect(() => setDetails(undefined), [infoHash]);

  useApiEvent(client, 'torrent:progress', ({ torrents }) => {
    const entry = torrents.find((t) => t.infoHash === infoHash);
    if (entry) setDetails((d) => (d && d.infoHash === infoHash ? withProgress(d, entry) : d));
  });

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { details: details?.infoHash === infoHash ? details : undefined, error, set: setDetails, refresh };
}
