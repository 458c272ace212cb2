import { useMemo } from 'react';
import { formatSpeed, plural } from '../model/format.js';
import { totalsOf } from '../model/list-view.js';
import { useShell } from './context.js';
import { useTorrents } from './hooks.js';

/** Totals of the library. Only the counts are a live region: speeds change every second and would never stop talking. */
export function StatusBar() {
  const { store } = useShell();
  const { torrents, loaded } = useTorrents(store);
  const totals = useMemo(() => totalsOf(torrents), [torrents]);
  const parts = [
    totals.downloading > 0 ? `${totals.downloading} downloading` : '',
    totals.seeding > 0 ? `${totals.seeding} seeding` : '',
    totals.paused > 0 ? `${totals.paused} paused` : '',
    totals.error > 0 ? `${totals.error} with errors` : '',
  ].filter(Boolean);
  return (
    <footer className="statusbar">
      <p aria-live="polite" data-testid="list-summary">
        {loaded ? `${plural(torrents.length, 'torrent')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}` : ''}
      </p>
      <p className="speeds">
        <span aria-label="Total download speed">↓ {formatSpeed(totals.downloadSpeed)}</span>
        <span aria-label="Total upload speed">↑ {formatSpeed(totals.uploadSpeed)}</span>
      </p>
    </footer>
  );
}
