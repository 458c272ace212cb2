import type { Dispatch, SetStateAction } from 'react';
import { STATE_FILTERS, type ListFilter, type StateFilter } from '../model/list-view.js';

const FILTER_LABELS: Record<StateFilter, string> = {
  all: 'All',
  downloading: 'Downloading',
  seeding: 'Seeding',
  paused: 'Paused',
  active: 'Active',
  error: 'Errors',
};

interface ListToolbarProps {
  hidden: boolean;
  filter: ListFilter;
  counts: Record<StateFilter, number>;
  selected: readonly string[];
  onFilter: Dispatch<SetStateAction<ListFilter>>;
  onResume(): void;
  onPause(): void;
  onRemove(): void;
}

/** The filter of the list and the actions on the selected torrents. */
export function ListToolbar({
  hidden,
  filter,
  counts,
  selected,
  onFilter,
  onResume,
  onPause,
  onRemove,
}: ListToolbarProps) {
  const none = selected.length === 0;
  return (
    <div className="toolbar" hidden={hidden}>
      <label className="inline">
        <span>Filter</span>
        <input
          type="search"
          value={filter.text}
          placeholder="Name or infohash"
          data-testid="list-filter"
          onChange={(e) => onFilter((f) => ({ ...f, text: e.target.value }))}
        />
      </label>
      <label className="inline">
        <span>Show</span>
        <select
          value={filter.state}
          data-testid="list-state-filter"
          onChange={(e) => onFilter((f) => ({ ...f, state: e.target.value as StateFilter }))}
        >
          {STATE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {FILTER_LABELS[f]} ({counts[f]})
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <span className="selected-count" aria-live="polite">
        {none ? '' : `${selected.length} selected`}
      </span>
      <button type="button" data-testid="action-resume" disabled={none} onClick={onResume}>
        Resume
      </button>
      <button type="button" data-testid="action-pause" disabled={none} onClick={onPause}>
        Pause
      </button>
      <button type="button" data-testid="action-remove" disabled={none} onClick={onRemove}>
        Remove…
      </button>
    </div>
  );
}
