import type { TrackerInfo } from '../../../core/api/index.js';
import { formatDate } from '../model/format.js';

const STATE_LABELS: Record<TrackerInfo['state'], string> = {
  idle: 'Idle',
  announcing: 'Announcing…',
  working: 'Working',
  error: 'Error',
};

function swarm(t: TrackerInfo): string {
  if (t.complete === undefined && t.incomplete === undefined) return '—';
  return `${t.complete ?? '?'} / ${t.incomplete ?? '?'}`;
}

export function TrackersTab({ trackers }: { trackers: readonly TrackerInfo[] }) {
  if (trackers.length === 0) return <p className="empty">This torrent lists no trackers.</p>;
  return (
    <table className="data" data-testid="trackers-table">
      <thead>
        <tr>
          <th scope="col">Tracker</th>
          <th scope="col" className="num">
            Tier
          </th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Seeds / leechers
          </th>
          <th scope="col">Last announce</th>
          <th scope="col">Next announce</th>
        </tr>
      </thead>
      <tbody>
        {trackers.map((t) => (
          <tr key={`${t.tier} ${t.url}`}>
            <td className="path">{t.url}</td>
            <td className="num">{t.tier}</td>
            <td>
              {STATE_LABELS[t.state]}
              {t.lastError ? <span className="row-error">{t.lastError}</span> : null}
            </td>
            <td className="num">{swarm(t)}</td>
            <td>{t.lastAnnounceAt === undefined ? '—' : formatDate(t.lastAnnounceAt)}</td>
            <td>{t.nextAnnounceAt === undefined ? '—' : formatDate(t.nextAnnounceAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
