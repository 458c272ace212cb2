import { useState, type FormEvent } from 'react';
import { addItems, isTorrentFile, type TorrentFile } from '../model/add-request.js';
import { plural } from '../model/format.js';
import { useShell } from './context.js';
import { Field } from './Field.js';
import { messageOf } from './hooks.js';
import { Modal } from './Modal.js';

interface AddDialogProps {
  initialText?: string;
  initialFiles?: readonly File[];
  onClose(): void;
}

async function readTorrents(files: readonly File[]): Promise<TorrentFile[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** Adds torrents from magnet links, infohashes or .torrent files (chosen, dropped on the page or pasted). */
export function AddDialog({ initialText = '', initialFiles = [], onClose }: AddDialogProps) {
  const { client, notify } = useShell();
  const [text, setText] = useState(initialText);
  const [files, setFiles] = useState<readonly File[]>(initialFiles.filter(isTorrentFile));
  const [savePath, setSavePath] = useState('');
  const [paused, setPaused] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { items, errors: found } = addItems(text, await readTorrents(files), { savePath, paused });
    if (items.length === 0 && found.length === 0) found.push('Paste a magnet link or choose a .torrent file.');
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    const results = await Promise.allSettled(items.map((item) => client.addTorrent(item.params)));
    setBusy(false);
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${items[i]!.label}: ${messageOf(r.reason)}`] : [],
    );
    const added = results.length - failed.length;
    if (added > 0) notify('info', `Added ${plural(added, 'torrent')}.`);
    if (failed.length === 0) onClose();
    else setErrors(failed);
  };

  return (
    <Modal title="Add torrents" onClose={onClose} testId="add-dialog">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label="Magnet links or infohashes"
          hint="One per line. You can also paste a magnet link anywhere on the page."
        >
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={text}
              data-autofocus
              data-testid="add-magnet"
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <Field
          label=".torrent files"
          hint={files.length > 0 ? files.map((f) => f.name).join(', ') : 'Or drop them anywhere on the window.'}
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept=".torrent,application/x-bittorrent"
              multiple
              data-testid="add-file"
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
          )}
        </Field>
        <Field label="Save in" hint="Empty: the download folder of the settings.">
          {(props) => (
            <input
              {...props}
              value={savePath}
              data-testid="add-save-path"
              onChange={(e) => setSavePath(e.target.value)}
            />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={paused} onChange={(e) => setPaused(e.target.checked)} />
          Add paused
        </label>
        {errors.length > 0 ? (
          <ul role="alert" className="error" data-testid="add-errors">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : null}
        <div className="buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="add-submit">
            {busy ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
