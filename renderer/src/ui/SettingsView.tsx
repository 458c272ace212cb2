import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../core/api/index.js';
import type { DesktopFeatures } from '../client/shoal-client.js';
import type { FieldErrors } from '../model/form-check.js';
import { settingsForm, settingsPatch, type SettingsField, type SettingsForm } from '../model/settings-form.js';
import { useShell } from './context.js';
import { DownloadFields, SpeedFields, TrackerFields, type FieldsetProps } from './SettingsFields.js';
import { messageOf } from './hooks.js';

export function SettingsView() {
  const { client } = useShell();
  const [saved, setSaved] = useState<Settings>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let current = true;
    client
      .getSettings()
      .then((s) => current && setSaved(s))
      .catch((e: unknown) => current && setFailure(messageOf(e)));
    return () => {
      current = false;
    };
  }, [client]);
  return (
    <section className="view settings-view" aria-labelledby="settings-title" data-testid="settings-view">
      <h2 id="settings-title">Settings</h2>
      {client.desktop?.startOnLogin ? (
        <fieldset className="app-settings">
          <legend>Desktop app</legend>
          <StartOnLogin feature={client.desktop.startOnLogin} />
        </fieldset>
      ) : null}
      {saved ? (
        <EngineSettings key={JSON.stringify(saved)} saved={saved} onSaved={setSaved} />
      ) : failure ? (
        <p role="alert" className="error">
          {failure}
        </p>
      ) : (
        <p>Loading the settings…</p>
      )}
    </section>
  );
}

function EngineSettings({ saved, onSaved }: { saved: Settings; onSaved(s: Settings): void }) {
  const { client, notify } = useShell();
  const [form, setForm] = useState<SettingsForm>(() => settingsForm(saved));
  const [errors, setErrors] = useState<FieldErrors<SettingsField>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const edit = <K extends SettingsField>(field: K, value: SettingsForm[K]) =>
    setForm((f) => ({ ...f, [field]: value }));
  const fields: FieldsetProps = { form, errors, saved, edit };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = settingsPatch(form, saved);
    setErrors(checked.ok ? {} : checked.errors);
    setFailure(undefined);
    if (!checked.ok) return;
    if (Object.keys(checked.params).length === 0) {
      notify('info', 'Nothing to save: no setting changed.');
      return;
    }
    setBusy(true);
    try {
      onSaved(await client.setSettings(checked.params));
      notify('info', 'Settings saved.');
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form settings" onSubmit={(e) => void submit(e)} noValidate data-testid="settings-form">
      <DownloadFields {...fields} />
      <TrackerFields {...fields} />
      <SpeedFields {...fields} />
      {failure ? (
        <p role="alert" className="error" data-testid="settings-error">
          {failure}
        </p>
      ) : null}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

type StartOnLoginFeature = NonNullable<DesktopFeatures['startOnLogin']>;

/** The desktop app's own setting: applied at once, it is not an engine setting. */
function StartOnLogin({ feature }: { feature: StartOnLoginFeature }) {
  const { notify } = useShell();
  const [enabled, setEnabled] = useState<boolean>();
  useEffect(() => {
    feature
      .get()
      .then(setEnabled, (e: unknown) => notify('error', `Could not read the start-on-login setting: ${messageOf(e)}`));
  }, [feature, notify]);
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={enabled ?? false}
        disabled={enabled === undefined}
        data-testid="settings-start-on-login"
        onChange={(e) =>
          feature
            .set(e.target.checked)
            .then(setEnabled, (err: unknown) => notify('error', `Could not change start on login: ${messageOf(err)}`))
        }
      />
      Start Shoal when I log in
    </label>
  );
}
