import type { ApiEventMap, EventName, TorrentProgress } from '../../api/index.js';

type Listener<K extends EventName> = (payload: ApiEventMap[K]) => void;

/**
 * The engine's typed events. Progress is batched: entries collected during a second go out as
 * one 'torrent:progress' event, the latest entry per torrent winning, and an entry equal to the
 * last one sent for that torrent is dropped (an idle torrent sends nothing).
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly pending = new Map<string, TorrentProgress>();
  private readonly lastSent = new Map<string, string>();

  on<K extends EventName>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<K extends EventName>(event: K, payload: ApiEventMap[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A host's listener that throws must not break the engine or the other listeners.
      }
    }
  }

  progress(entry: TorrentProgress): void {
    this.pending.set(entry.infoHash, entry);
  }

  forget(infoHash: string): void {
    this.pending.delete(infoHash);
    this.lastSent.delete(infoHash);
  }

  /** Called once a second by the session. */
  flush(): void {
    const torrents: TorrentProgress[] = [];
    for (const [infoHash, entry] of this.pending) {
      const key = JSON.stringify(entry);
      if (this.lastSent.get(infoHash) === key) continue;
      this.lastSent.set(infoHash, key);
      torrents.push(entry);
    }
    this.pending.clear();
    if (torrents.length > 0) this.emit('torrent:progress', { torrents });
  }
}
