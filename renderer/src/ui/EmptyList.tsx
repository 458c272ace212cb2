/** What the list shows when it has no rows: loading, waiting for the daemon, nothing matching, or nothing yet. */
interface EmptyProps {
  loaded: boolean;
  connected: boolean;
  total: number;
  onAdd(): void;
  onCreate(): void;
  onClearFilter(): void;
}

export function EmptyList({ loaded, connected, total, onAdd, onCreate, onClearFilter }: EmptyProps) {
  if (!loaded && connected) {
    return (
      <div className="empty" data-testid="list-empty">
        <p>Loading torrents…</p>
      </div>
    );
  }
  if (!loaded) {
    return (
      <div className="empty" data-testid="list-empty">
        <h2>Waiting for Shoal</h2>
        <p>The torrents appear as soon as the Shoal daemon answers; this page keeps trying by itself.</p>
        <p>
          If it is not running, start it on its machine with <code>npx shoal daemon</code>.
        </p>
      </div>
    );
  }
  if (total > 0) {
    return (
      <div className="empty" data-testid="list-empty">
        <p>No torrent matches the filter.</p>
        <button type="button" onClick={onClearFilter}>
          Show all torrents
        </button>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="list-empty">
      <h2>No torrents yet</h2>
      <p>Add a .torrent file or a magnet link to download, or create a torrent from your own files to share them.</p>
      <div className="buttons">
        <button type="button" className="primary" onClick={onAdd}>
          Add a torrent…
        </button>
        <button type="button" onClick={onCreate}>
          Create a torrent
        </button>
      </div>
    </div>
  );
}
