import { useState } from 'react';
import type { TorrentDetails } from '../../../core/api/index.js';
import { formatBytes, formatDate, formatPercent, formatRatio, formatSpeed, stateLabel } from '../model/format.js';
import { useShell } from './context.js';
import { CopyField } from './CopyField.js';
import { FilesTab } from './FilesTab.js';
import { messageOf } from './hooks.js';
import { PeersTab } from './PeersTab.js';
import { PieceMap } from './PieceMap.js';
import { PublishDialog } from './PublishDialog.js';
import { SpeedGraph } from './SpeedGraph.js';
import { Tabs, type Tab } from './Tabs.js';
import { TrackersTab } from './TrackersTab.js';
import { useTorrentActions } from './torrent-actions.js';
import { useDetails } from './use-details.js';

type TabKey = 'general' | 'files' | 'peers' | 'trackers' | 'pieces' | 'speed';

const TABS: readonly Tab<TabKey>[] = [
  { key: 'general', label: 'General' },
  { key: 'files', label: 'Files' },
  { key: 'peers', label: 'Peers' },
  { key: 'trackers', label: 'Trackers' },
  { key: 'pieces', label: 'Pieces' },
  { key: 'speed', label: 'Speed' },
];

interface DetailsPanelProps {
  infoHash: string;
  onClose(): void;
  onRemove(): void;
}

export function DetailsPanel({ infoHash, onClose, onRemove }: DetailsPanelProps) {
  const { client, notify } = useShell();
  const actions = useTorrentActions();
  const state = useDetails(infoHash);
  const [tab, setTab] = useState<TabKey>('general');
  const [publishing, setPublishing] = useState(false);
  const d = state.details;
  const showInFolder = client.desktop?.showInFolder;
  const stopped = d?.state === 'paused' || d?.state === 'error';

  return (
    <section className="details" aria-label="Torrent details" data-testid="details-panel">
      <header className="details-head">
        <h2 data-testid="details-name">{d?.name ?? 'Loading…'}</h2>
        <div className="buttons">
          {stopped ? (
            <button
              type="button"
              data-testid="details-resume"
              onClick={() => void actions.resume([infoHash]).then(state.refresh)}
            >
              Resume
            </button>
          ) : (
            <button
              type="button"
              data-testid="details-pause"
              onClick={() => void actions.pause([infoHash]).then(state.refresh)}
            >
              Pause
            </button>
          )}
          <button type="button" onClick={() => void actions.recheck([infoHash])}>
            Recheck
          </button>
          <button
            type="button"
            data-testid="details-publish"
            disabled={!d || d.pieces.count === 0}
            onClick={() => setPublishing(true)}
          >
            Publish…
          </button>
          {showInFolder ? (
            <button
              type="button"
              onClick={() =>
                showInFolder(infoHash).catch((e: unknown) =>
                  notify('error', `Could not open the folder: ${messageOf(e)}`),
                )
              }
            >
              Open folder
            </button>
          ) : null}
          <button type="button" data-testid="details-remove" onClick={onRemove}>
            Remove…
          </button>
          <button type="button" aria-label="Close details" onClick={onClose}>
            ✕
          </button>
        </div>
      </header>
      {state.error ? (
        <p role="alert" className="error">
          {state.error}
        </p>
      ) : null}
      {d ? (
        <Tabs<TabKey> label="Details" tabs={TABS} current={tab} onChange={setTab}>
          {tab === 'general' ? <GeneralTab d={d} /> : null}
          {tab === 'files' ? <FilesTab details={d} onChange={state.set} onSaved={state.refresh} /> : null}
          {tab === 'peers' ? <PeersTab peers={d.peers} /> : null}
          {tab === 'trackers' ? <TrackersTab trackers={d.trackers} /> : null}
          {tab === 'pieces' ? <PieceMap pieces={d.pieces} /> : null}
          {tab === 'speed' ? <SpeedGraph infoHash={infoHash} /> : null}
        </Tabs>
      ) : null}
      {publishing && d ? (
        <PublishDialog infoHash={infoHash} name={d.name} onClose={() => setPublishing(false)} />
      ) : null}
    </section>
  );
}

function optional<T>(value: T | undefined, show: (v: T) => string): string | undefined {
  return value === undefined || value === '' ? undefined : show(value);
}

function GeneralTab({ d }: { d: TorrentDetails }) {
  const partial = d.length !== d.totalLength ? ` (${formatBytes(d.totalLength)} in all files)` : '';
  const facts: [string, string | undefined][] = [
    ['State', stateLabel(d.state)],
    ['Progress', `${formatPercent(d.progress)} of ${formatBytes(d.length)}${partial}`],
    ['Downloaded', formatBytes(d.downloaded)],
    ['Uploaded', `${formatBytes(d.uploaded)} (ratio ${formatRatio(d.ratio)})`],
    ['Speed', `↓ ${formatSpeed(d.downloadSpeed)} ↑ ${formatSpeed(d.uploadSpeed)}`],
    ['Peers', `${d.peers.length} connected, ${d.seeds} seeds`],
    ['Banned peers', d.bannedPeers > 0 ? `${d.bannedPeers} (sent data that failed verification)` : undefined],
    [
      'Last check',
      optional(
        d.lastCheck,
        (c) => `${formatDate(c.at)}: ${c.piecesHashed} pieces hashed, ${c.piecesTrusted} trusted from resume data`,
      ),
    ],
    ['Saved in', d.savePath],
    ['Added', formatDate(d.addedAt)],
    ['Completed', optional(d.completedAt, formatDate)],
    ['Infohash', d.infoHash],
    ['Private', d.private ? 'yes: only its own trackers' : 'no'],
    ['Comment', optional(d.comment, String)],
    ['Created by', optional(d.createdBy, String)],
    ['Created', optional(d.creationDate, formatDate)],
  ];
  return (
    <div className="general">
      {d.error ? (
        <p role="alert" className="error">
          {d.error.message}
        </p>
      ) : null}
      <dl className="facts">
        {facts.map(([term, value]) =>
          value === undefined ? null : (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ),
        )}
      </dl>
      <CopyField label="Magnet link" value={d.magnet} testId="details-magnet" />
    </div>
  );
}
