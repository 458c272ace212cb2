import { memo, type MouseEvent } from 'react';
import type { TorrentSummary } from '../../../core/api/index.js';
import { formatBytes, formatEta, formatPercent, formatRatio, formatSpeed, stateLabel } from '../model/format.js';
import type { ClickKind } from '../model/selection.js';

interface RowProps {
  /** Place in the list shown, from 0. */
  index: number;
  torrent: TorrentSummary;
  selected: boolean;
  opened: boolean;
  onSelect(infoHash: string, kind: ClickKind): void;
  onOpen(infoHash: string): void;
}

function clickKind(event: MouseEvent): ClickKind {
  if (event.shiftKey) return 'range';
  return event.ctrlKey || event.metaKey ? 'toggle' : 'plain';
}

/** Clicks on the row's own controls do their own thing; a click elsewhere selects, a double click opens. */
function onControl(event: MouseEvent): boolean {
  return event.target instanceof Element && event.target.closest('button, input, a, select') !== null;
}

/** One torrent of the list. Memoised: a row renders again only when its torrent object or its selection changed. */
export const TorrentRow = memo(function TorrentRow({
  index,
  torrent: t,
  selected,
  opened,
  onSelect,
  onOpen,
}: RowProps) {
  const classes = ['torrent-row', `state-${t.state}`, selected ? 'selected' : '', opened ? 'opened' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={classes}
      data-testid="torrent-row"
      data-infohash={t.infoHash}
      data-state={t.state}
      onClick={(e) => !onControl(e) && onSelect(t.infoHash, clickKind(e))}
      onDoubleClick={(e) => !onControl(e) && onOpen(t.infoHash)}
    >
      <div role="cell" className="cell-check">
        <input
          type="checkbox"
          checked={selected}
          aria-label={`Select ${t.name}`}
          data-testid="torrent-select"
          onChange={() => onSelect(t.infoHash, 'toggle')}
        />
      </div>
      <div role="cell" className="cell-name">
        <button
          type="button"
          className="link"
          data-testid="torrent-open"
          aria-expanded={opened}
          title={t.name}
          onClick={() => onOpen(t.infoHash)}
        >
          {t.name}
        </button>
        {t.error ? <span className="row-error">{t.error.message}</span> : null}
      </div>
      <div role="cell" className="num">
        {t.state === 'metadata' && t.length === 0 ? '—' : formatBytes(t.length)}
      </div>
      <div role="cell" className="cell-progress">
        <progress max={1} value={t.progress} aria-label={`Progress of ${t.name}`} data-testid="torrent-progress" />
        <span className="num">{formatPercent(t.progress)}</span>
      </div>
      <div role="cell" data-testid="torrent-state">
        {stateLabel(t.state)}
      </div>
      <div role="cell" className="num">
        {formatSpeed(t.downloadSpeed)}
      </div>
      <div role="cell" className="num">
        {formatSpeed(t.uploadSpeed)}
      </div>
      <div role="cell" className="num" title={`${t.seeds} of them seeds`}>
        {t.peers}
      </div>
      <div role="cell" className="num">
        {formatEta(t.eta)}
      </div>
      <div role="cell" className="num">
        {formatRatio(t.ratio)}
      </div>
    </div>
  );
});
