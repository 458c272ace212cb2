import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ApiEventMap, EventName } from '../../../core/api/index.js';
import type { ConnectionState, ShoalClient } from '../client/shoal-client.js';
import type { StoreSnapshot, TorrentStore } from '../model/torrent-store.js';

export function useTorrents(store: TorrentStore): StoreSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useConnection(client: ShoalClient): ConnectionState {
  return useSyncExternalStore(
    (listener) => client.onConnection(listener),
    () => client.connection,
  );
}

/** Listens to one event while the component is mounted; the latest `listener` is called. */
export function useApiEvent<K extends EventName>(
  client: ShoalClient,
  event: K,
  listener: (payload: ApiEventMap[K]) => void,
): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}

/** The current time, refreshed every `intervalMs` while mounted. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** An error as people should read it: the ApiError's message, which names the problem. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
