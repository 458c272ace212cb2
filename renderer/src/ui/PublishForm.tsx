import { useState, type FormEvent } from 'react';
import { CATEGORIES } from '../model/categories.js';
import {
  EMPTY_PUBLISH_FORM,
  publishRequest,
  type PublishField,
  type PublishForm as Form,
} from '../model/create-form.js';
import type { FieldErrors } from '../model/form-check.js';
import { useShell } from './context.js';
import { Field } from './Field.js';
import { messageOf } from './hooks.js';

interface PublishFormProps {
  infoHash: string;
  /** Shown as the title's placeholder: the search server uses it when the title is left empty. */
  name: string;
}

/** Publishes a torrent of the library to the configured search server. */
export function PublishForm({ infoHash, name }: PublishFormProps) {
  const { client } = useShell();
  const [form, setForm] = useState<Form>(EMPTY_PUBLISH_FORM);
  const [errors, setErrors] = useState<FieldErrors<PublishField>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [published, setPublished] = useState<string>();
  const edit = (field: PublishField, value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = publishRequest(infoHash, form);
    setErrors(checked.ok ? {} : checked.errors);
    setFailure(undefined);
    if (!checked.ok) return;
    setBusy(true);
    try {
      setPublished((await client.publish(checked.params)).url);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  if (published !== undefined) {
    return (
      <p className="success" role="status" data-testid="publish-result">
        Published:{' '}
        <a href={published} target="_blank" rel="noreferrer noopener">
          {published}
        </a>
      </p>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="publish-form">
      <Field label="Title" error={errors.title}>
        {(props) => (
          <input
            {...props}
            value={form.title}
            placeholder={name}
            data-testid="publish-title"
            onChange={(e) => edit('title', e.target.value)}
          />
        )}
      </Field>
      <Field label="Category" error={errors.category}>
        {(props) => (
          <select
            {...props}
            value={form.category}
            data-testid="publish-category"
            onChange={(e) => edit('category', e.target.value)}
          >
            <option value="">Other (default)</option>
            {CATEGORIES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" error={errors.description}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={form.description}
            onChange={(e) => edit('description', e.target.value)}
          />
        )}
      </Field>
      <Field label="Tags" hint="Separated by commas" error={errors.tags}>
        {(props) => <input {...props} value={form.tags} onChange={(e) => edit('tags', e.target.value)} />}
      </Field>
      {failure ? (
        <p role="alert" className="error" data-testid="publish-error">
          {failure}
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="publish-submit">
          {busy ? 'Publishing…' : 'Publish'}
        </button>
      </div>
    </form>
  );
}
