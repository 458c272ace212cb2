import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ShoalClient } from '../client/shoal-client.js';
import { isMagnet, isTorrentFile } from '../model/add-request.js';
import { keepLive } from '../model/live-torrents.js';
import { SpeedHistory } from '../model/speed-history.js';
import { TorrentStore } from '../model/torrent-store.js';
import { AddDialog } from './AddDialog.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { ShellProvider, type NoticeKind, type Shell } from './context.js';
import { CreateView } from './CreateView.js';
import { messageOf, useConnection, useTorrents } from './hooks.js';
import { Notices, type Notice } from './Notices.js';
import { SearchView } from './SearchView.js';
import { SettingsView } from './SettingsView.js';
import { StatusBar } from './StatusBar.js';
import { TorrentsView } from './TorrentsView.js';
import { isTyping } from './typing.js';

type View = 'torrents' | 'search' | 'create' | 'settings';
const VIEWS: readonly { key: View; label: string }[] = [
  { key: 'torrents', label: 'Torrents' },
  { key: 'search', label: 'Search' },
  { key: 'create', label: 'Create' },
  { key: 'settings', label: 'Settings' },
];

const INFO_MS = 6000;

interface Adding {
  text?: string;
  files?: readonly File[];
}

function useNotices() {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const notify = useCallback(
    (kind: NoticeKind, text: string) => {
      const id = next.current++;
      setNotices((list) => [...list.slice(-4), { id, kind, text }]);
      if (kind === 'info') setTimeout(() => dismiss(id), INFO_MS);
    },
    [dismiss],
  );
  return { notices, notify, dismiss };
}

/** The whole UI for one client: views, live torrent list, dialogs, drops and pastes. */
export function App({ client }: { client: ShoalClient }) {
  const store = useMemo(() => new TorrentStore((flush) => requestAnimationFrame(flush)), []);
  const history = useMemo(() => new SpeedHistory(), []);
  const { notices, notify, dismiss } = useNotices();
  const connection = useConnection(client);
  const { torrents } = useTorrents(store);
  const [view, setView] = useState<View>('torrents');
  // A view is built the first time it is shown and then kept, with what was typed into it.
  const [visited, setVisited] = useState<ReadonlySet<View>>(() => new Set(['torrents']));
  const [adding, setAdding] = useState<Adding>();
  const [createFrom, setCreateFrom] = useState({ path: '', key: 0 });
  const [dropping, setDropping] = useState(false);
  const main = useRef<HTMLElement>(null);

  useEffect(
    () =>
      keepLive(client, store, history, {
        onError: (e) => notify('error', `Could not load the torrents: ${messageOf(e)}`),
      }),
    [client, store, history, notify],
  );

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const text = event.clipboardData?.getData('text') ?? '';
      if (isTyping(event.target) || !isMagnet(text)) return;
      event.preventDefault();
      setAdding({ text: text.trim() });
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  const shell: Shell = useMemo(() => ({ client, store, history, notify }), [client, store, history, notify]);
  const go = (next: View) => {
    setView(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
    main.current?.focus();
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    const files = [...event.dataTransfer.files];
    const torrentFiles = files.filter(isTorrentFile);
    const others = files.filter((f) => !isTorrentFile(f));
    if (torrentFiles.length > 0) setAdding({ files: torrentFiles });
    if (others.length === 0) return;
    const path = client.desktop?.pathForFile?.(others[0]!);
    if (path !== undefined) {
      setCreateFrom((c) => ({ path, key: c.key + 1 }));
      go('create');
    } else {
      notify('info', 'To share files, type their path in Create: the page cannot tell Shoal where dropped files are.');
    }
  };

  return (
    <ShellProvider value={shell}>
      <div
        className={dropping ? 'app dropping' : 'app'}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={(e) => e.relatedTarget === null && setDropping(false)}
        onDrop={onDrop}
      >
        <header className="topbar">
          <h1 className="brand">Shoal</h1>
          <nav aria-label="Views">
            {VIEWS.map((v) => (
              <button
                key={v.key}
                type="button"
                className="nav"
                aria-current={view === v.key ? 'page' : undefined}
                data-testid={`nav-${v.key}`}
                onClick={() => go(v.key)}
              >
                {v.label}
                {v.key === 'torrents' && torrents.length > 0 ? <span className="badge">{torrents.length}</span> : null}
              </button>
            ))}
          </nav>
          <span className="spacer" />
          <button type="button" className="primary" data-testid="add-open" onClick={() => setAdding({})}>
            Add torrent…
          </button>
        </header>
        <ConnectionBanner connection={connection} onRetry={() => client.reconnect()} />
        <main ref={main} tabIndex={-1} className="main">
          <div hidden={view !== 'torrents'}>
            <TorrentsView onAdd={() => setAdding({})} onCreate={() => go('create')} />
          </div>
          {visited.has('search') ? (
            <div hidden={view !== 'search'}>
              <SearchView onOpenSettings={() => go('settings')} />
            </div>
          ) : null}
          {visited.has('create') ? (
            <div hidden={view !== 'create'}>
              <CreateView key={createFrom.key} initialPath={createFrom.path} />
            </div>
          ) : null}
          {view === 'settings' ? <SettingsView /> : null}
        </main>
        <StatusBar />
        <Notices notices={notices} onDismiss={dismiss} />
        {adding ? (
          <AddDialog initialText={adding.text} initialFiles={adding.files} onClose={() => setAdding(undefined)} />
        ) : null}
        {dropping ? (
          <div className="drop-overlay" aria-hidden="true">
            <p>
              Drop .torrent files to add them{client.desktop?.pathForFile ? ', or files and folders to share them' : ''}
            </p>
          </div>
        ) : null}
      </div>
    </ShellProvider>
  );
}
