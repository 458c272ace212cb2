import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  countByFilter,
  nextOrder,
  visibleTorrents,
  type ListFilter,
  type SortKey,
  type SortOrder,
} from '../model/list-view.js';
import {
  clickSelection,
  EMPTY_SELECTION,
  pruneSelection,
  selectAll,
  type ClickKind,
  type Selection,
} from '../model/selection.js';
import { useShell } from './context.js';
import { DetailsPanel } from './DetailsPanel.js';
import { EmptyList } from './EmptyList.js';
import { useConnection, useTorrents } from './hooks.js';
import { ListToolbar } from './ListToolbar.js';
import { RemoveDialog } from './RemoveDialog.js';
import { TorrentTable } from './TorrentTable.js';
import { useTorrentActions } from './torrent-actions.js';
import { isTyping } from './typing.js';

interface TorrentsViewProps {
  onAdd(): void;
  onCreate(): void;
}

export function TorrentsView({ onAdd, onCreate }: TorrentsViewProps) {
  const { client, store } = useShell();
  const { torrents, loaded } = useTorrents(store);
  const connection = useConnection(client);
  const actions = useTorrentActions();
  const [filter, setFilter] = useState<ListFilter>({ text: '', state: 'all' });
  const [order, setOrder] = useState<SortOrder>({ key: 'addedAt', direction: 'desc' });
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [opened, setOpened] = useState<string | undefined>();
  const [removing, setRemoving] = useState<readonly string[] | undefined>();

  const visible = useMemo(() => visibleTorrents(torrents, filter, order), [torrents, filter, order]);
  const shown = useMemo(() => visible.map((t) => t.infoHash), [visible]);
  const counts = useMemo(() => countByFilter(torrents), [torrents]);

  useEffect(() => {
    setSelection((s) => pruneSelection(s, (id) => store.get(id) !== undefined));
    setOpened((id) => (id !== undefined && store.get(id) === undefined ? undefined : id));
  }, [torrents, store]);

  // Rows get callbacks that never change, so that a new order alone does not render every row again.
  const shownNow = useRef(shown);
  useLayoutEffect(() => {
    shownNow.current = shown;
  }, [shown]);
  const onSelect = useCallback(
    (id: string, kind: ClickKind) => setSelection((s) => clickSelection(s, shownNow.current, id, kind)),
    [],
  );
  const onSelectAll = useCallback(
    (all: boolean) => setSelection(all ? selectAll(shownNow.current) : EMPTY_SELECTION),
    [],
  );
  const onOpen = useCallback((id: string) => setOpened((current) => (current === id ? undefined : id)), []);
  const onSort = useCallback((key: SortKey) => setOrder((o) => nextOrder(o, key)), []);

  const selected = [...selection.ids];
  const onKeyDown = (event: KeyboardEvent) => {
    if (isTyping(event.target)) return;
    if (event.key === 'Delete' && selected.length > 0) {
      event.preventDefault();
      setRemoving(selected);
    } else if (event.key === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSelectAll(true);
    }
  };

  return (
    <section
      className={opened === undefined ? 'view torrents-view' : 'view torrents-view with-details'}
      aria-label="Torrents"
      data-testid="torrents-view"
      onKeyDown={onKeyDown}
    >
      <ListToolbar
        hidden={!loaded}
        filter={filter}
        counts={counts}
        selected={selected}
        onFilter={setFilter}
        onResume={() => void actions.resume(selected)}
        onPause={() => void actions.pause(selected)}
        onRemove={() => setRemoving(selected)}
      />
      {visible.length > 0 ? (
        <TorrentTable
          torrents={visible}
          selection={selection}
          opened={opened}
          order={order}
          onSort={onSort}
          onSelect={onSelect}
          onSelectAll={onSelectAll}
          onOpen={onOpen}
        />
      ) : (
        <EmptyList
          loaded={loaded}
          connected={connection.status === 'connected'}
          total={torrents.length}
          onAdd={onAdd}
          onCreate={onCreate}
          onClearFilter={() => setFilter({ text: '', state: 'all' })}
        />
      )}
      {opened !== undefined ? (
        <DetailsPanel infoHash={opened} onClose={() => setOpened(undefined)} onRemove={() => setRemoving([opened])} />
      ) : null}
      {removing ? (
        <RemoveDialog
          names={removing.map((id) => store.get(id)?.name ?? id)}
          onClose={() => setRemoving(undefined)}
          onConfirm={(deleteData) => {
            setRemoving(undefined);
            void actions.remove(removing, deleteData);
          }}
        />
      ) : null}
    </section>
  );
}
