import { useRef } from 'react';
import type { TorrentSummary } from '../../../core/api/index.js';
import type { SortKey, SortOrder } from '../model/list-view.js';
import type { ClickKind, Selection } from '../model/selection.js';
import { Spacer } from './Spacer.js';
import { TorrentRow } from './TorrentRow.js';
import { useRowWindow } from './use-row-window.js';

const COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'progress', label: 'Progress' },
  { key: 'state', label: 'State' },
  { key: 'downloadSpeed', label: 'Down', numeric: true },
  { key: 'uploadSpeed', label: 'Up', numeric: true },
  { key: 'peers', label: 'Peers', numeric: true },
  { key: 'eta', label: 'ETA', numeric: true },
  { key: 'ratio', label: 'Ratio', numeric: true },
];

interface TableProps {
  torrents: readonly TorrentSummary[];
  selection: Selection;
  opened: string | undefined;
  order: SortOrder;
  onSort(key: SortKey): void;
  onSelect(infoHash: string, kind: ClickKind): void;
  onSelectAll(all: boolean): void;
  onOpen(infoHash: string): void;
}

/**
 * The torrent list: a table of ARIA roles on a CSS grid. Only the rows in view (and a few either
 * side) are rendered, so a thousand torrents that all change every second cost a few dozen rows'
 * work per frame; aria-rowcount and aria-rowindex tell assistive technology where a row stands.
 */
export function TorrentTable({
  torrents,
  selection,
  opened,
  order,
  onSort,
  onSelect,
  onSelectAll,
  onOpen,
}: TableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const { start, end, rowHeight } = useRowWindow(scroller, torrents.length, '.table-body .torrent-row');
  const allSelected = torrents.length > 0 && torrents.every((t) => selection.ids.has(t.infoHash));
  return (
    <div
      ref={scroller}
      role="table"
      className="torrent-table"
      aria-label="Torrents"
      aria-rowcount={torrents.length + 1}
      data-testid="torrent-list"
    >
      <div role="rowgroup" className="table-head">
        <div role="row" className="torrent-row head" aria-rowindex={1}>
          <div role="columnheader" className="cell-check">
            <input
              type="checkbox"
              aria-label="Select all shown torrents"
              checked={allSelected}
              onChange={(e) => onSelectAll(e.target.checked)}
            />
          </div>
          {COLUMNS.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              className={c.numeric ? 'num' : undefined}
              aria-sort={order.key === c.key ? (order.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button type="button" className="sort" onClick={() => onSort(c.key)}>
                {c.label}
                <span aria-hidden="true" className="sort-mark">
                  {order.key === c.key ? (order.direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="table-body">
        <Spacer height={start * rowHeight} />
        {torrents.slice(start, end).map((t, i) => (
          <TorrentRow
            key={t.infoHash}
            index={start + i}
            torrent={t}
            selected={selection.ids.has(t.infoHash)}
            opened={opened === t.infoHash}
            onSelect={onSelect}
            onOpen={onOpen}
          />
        ))}
        <Spacer height={(torrents.length - end) * rowHeight} />
      </div>
    </div>
  );
}
