import { useState } from 'react';
import type { FilePriority, TorrentDetails } from '../../../core/api/index.js';
import { withPriorities } from '../model/details.js';
import { formatBytes, formatPercent } from '../model/format.js';
import { useShell } from './context.js';
import { messageOf } from './hooks.js';

/** More files than this are listed on demand: a torrent may hold 100,000. */
const SHOWN_AT_ONCE = 1000;

const PRIORITIES: readonly FilePriority[] = ['skip', 'low', 'normal', 'high'];
const PRIORITY_LABELS: Record<FilePriority, string> = { skip: 'Skip', low: 'Low', normal: 'Normal', high: 'High' };

interface FilesTabProps {
  details: TorrentDetails;
  onChange(details: TorrentDetails): void;
  onSaved(): void;
}

export function FilesTab({ details, onChange, onSaved }: FilesTabProps) {
  const { client, notify } = useShell();
  const [limit, setLimit] = useState(SHOWN_AT_ONCE);
  const files = details.files;
  if (files.length === 0) return <p className="empty">The file list appears once the metadata has arrived.</p>;

  const set = (changes: { index: number; priority: FilePriority }[]) => {
    if (changes.length === 0) return;
    const before = details;
    onChange(withPriorities(details, changes));
    client
      .selectFiles({ infoHash: details.infoHash, files: changes })
      .then(onSaved)
      .catch((e: unknown) => {
        onChange(before);
        notify('error', `Could not change the file selection: ${messageOf(e)}`);
      });
  };
  const all = (priority: FilePriority) =>
    set(
      files.filter((f) => (priority === 'skip') !== (f.priority === 'skip')).map((f) => ({ index: f.index, priority })),
    );

  return (
    <div className="files">
      <div className="buttons">
        <button type="button" onClick={() => all('normal')}>
          Download all
        </button>
        <button type="button" onClick={() => all('skip')}>
          Skip all
        </button>
      </div>
      <table className="data" data-testid="files-table">
        <thead>
          <tr>
            <th scope="col">Download</th>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Progress</th>
            <th scope="col">Priority</th>
          </tr>
        </thead>
        <tbody>
          {files.slice(0, limit).map((f) => (
            <tr key={f.index}>
              <td>
                <input
                  type="checkbox"
                  checked={f.priority !== 'skip'}
                  aria-label={`Download ${f.path}`}
                  onChange={(e) => set([{ index: f.index, priority: e.target.checked ? 'normal' : 'skip' }])}
                />
              </td>
              <td className="path">{f.path}</td>
              <td className="num">{formatBytes(f.length)}</td>
              <td className="cell-progress">
                <progress max={1} value={f.progress} aria-label={`Progress of ${f.path}`} />
                <span className="num">{formatPercent(f.progress)}</span>
              </td>
              <td>
                <select
                  value={f.priority}
                  aria-label={`Priority of ${f.path}`}
                  onChange={(e) => set([{ index: f.index, priority: e.target.value as FilePriority }])}
                >
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {PRIORITY_LABELS[p]}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {files.length > limit ? (
        <button type="button" onClick={() => setLimit((n) => n + SHOWN_AT_ONCE)}>
          Show {Math.min(SHOWN_AT_ONCE, files.length - limit)} more of {files.length - limit} files
        </button>
      ) : null}
    </div>
  );
}
