import { useEffect, useState, type FormEvent } from 'react';
import { randomId } from '../model/bytes.js';
import { createRequest, EMPTY_CREATE_FORM, type CreateField, type CreateForm } from '../model/create-form.js';
import type { FieldErrors } from '../model/form-check.js';
import { formatBytes, formatPercent } from '../model/format.js';
import { useShell } from './context.js';
import { CreatedTorrent, type Created } from './CreatedTorrent.js';
import { Field } from './Field.js';
import { messageOf, useApiEvent } from './hooks.js';

/** Creates a torrent from a file or folder on the engine's machine (typed in: a browser cannot pick paths there), then publishes it. */
export function CreateView({ initialPath = '' }: { initialPath?: string }) {
  const [created, setCreated] = useState<Created>();
  return (
    <section className="view create-view" aria-labelledby="create-title" data-testid="create-view">
      <h2 id="create-title">Create a torrent</h2>
      {created ? (
        <CreatedTorrent created={created} onAnother={() => setCreated(undefined)} />
      ) : (
        <CreateTorrentForm initialPath={initialPath} onCreated={setCreated} />
      )}
    </section>
  );
}

function useDefaultTrackers(): string[] {
  const { client } = useShell();
  const [trackers, setTrackers] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    client
      .getSettings()
      .then((s) => current && setTrackers(s.trackers))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [client]);
  return trackers;
}

function CreateTorrentForm({ initialPath, onCreated }: { initialPath: string; onCreated(c: Created): void }) {
  const { client } = useShell();
  const [form, setForm] = useState<CreateForm>({ ...EMPTY_CREATE_FORM, path: initialPath });
  const [errors, setErrors] = useState<FieldErrors<CreateField>>({});
  const [failure, setFailure] = useState<string>();
  const [job, setJob] = useState<string>();
  const [progress, setProgress] = useState<{ hashed: number; total: number }>();
  const defaults = useDefaultTrackers();
  const pickPaths = client.desktop?.pickPaths;
  const edit = <K extends CreateField>(field: K, value: CreateForm[K]) => setForm((f) => ({ ...f, [field]: value }));

  useApiEvent(client, 'create:progress', (p) => p.jobId === job && setProgress({ hashed: p.hashed, total: p.total }));

  const pick = (kind: 'file' | 'folder') =>
    pickPaths?.(kind)
      .then((paths) => paths[0] !== undefined && edit('path', paths[0]))
      .catch((e: unknown) => setFailure(messageOf(e)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const jobId = randomId();
    const checked = createRequest(form, jobId);
    setErrors(checked.ok ? {} : checked.errors);
    setFailure(undefined);
    if (!checked.ok) return;
    setJob(jobId);
    setProgress(undefined);
    try {
      const result = await client.createTorrent(checked.params);
      onCreated({ result, name: form.name.trim() || baseName(form.path) });
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setJob(undefined);
    }
  };

  const busy = job !== undefined;
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="create-form">
      <Field
        label="File or folder to share"
        hint="The full path on the machine where Shoal runs, e.g. /home/me/Videos/holiday"
        error={errors.path}
      >
        {(props) => (
          <div className="path-row">
            <input
              {...props}
              value={form.path}
              required
              data-testid="create-path"
              onChange={(e) => edit('path', e.target.value)}
            />
            {pickPaths ? (
              <>
                <button type="button" onClick={() => void pick('file')}>
                  Choose file…
                </button>
                <button type="button" onClick={() => void pick('folder')}>
                  Choose folder…
                </button>
              </>
            ) : null}
          </div>
        )}
      </Field>
      <Field label="Name" hint="Empty: the name of the file or folder." error={errors.name}>
        {(props) => (
          <input
            {...props}
            value={form.name}
            data-testid="create-name"
            onChange={(e) => edit('name', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Trackers"
        hint={`One tier per line (several URLs of one tier separated by spaces). Empty: ${defaults.length > 0 ? defaults.join(', ') : 'the trackers of the settings (none set)'}.`}
        error={errors.trackers}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={form.trackers}
            data-testid="create-trackers"
            onChange={(e) => edit('trackers', e.target.value)}
          />
        )}
      </Field>
      <Field label="Comment" error={errors.comment}>
        {(props) => (
          <input
            {...props}
            value={form.comment}
            data-testid="create-comment"
            onChange={(e) => edit('comment', e.target.value)}
          />
        )}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={form.private}
          data-testid="create-private"
          onChange={(e) => edit('private', e.target.checked)}
        />
        Private (peers use only these trackers: no sharing of peers between swarms)
      </label>
      <label className="check">
        <input type="checkbox" checked={form.seed} onChange={(e) => edit('seed', e.target.checked)} />
        Seed it from where it is, now
      </label>
      {busy ? <HashingProgress progress={progress} /> : null}
      {failure ? (
        <p role="alert" className="error" data-testid="create-error">
          {failure}
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="create-submit">
          {busy ? 'Creating…' : 'Create torrent'}
        </button>
      </div>
    </form>
  );
}

function baseName(path: string): string {
  return (
    path
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? path
  );
}

function HashingProgress({ progress }: { progress: { hashed: number; total: number } | undefined }) {
  return (
    <div className="create-progress" role="status" aria-live="polite">
      <progress max={progress?.total || 1} value={progress?.hashed ?? 0} aria-label="Hashing progress" />
      <span>
        {progress
          ? `Hashing ${formatPercent(progress.hashed / Math.max(1, progress.total))} of ${formatBytes(progress.total)}`
          : 'Reading the files…'}
      </span>
    </div>
  );
}
