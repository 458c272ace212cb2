import type { Settings } from '../../../core/api/index.js';
import type { FieldErrors } from '../model/form-check.js';
import type { SettingsField, SettingsForm } from '../model/settings-form.js';
import { Field, type FieldProps } from './Field.js';

/** The groups of the settings form; each edits the form the settings view holds. */
export interface FieldsetProps {
  form: SettingsForm;
  errors: FieldErrors<SettingsField>;
  saved: Settings;
  edit<K extends SettingsField>(field: K, value: SettingsForm[K]): void;
}

type TextField = { [K in SettingsField]: SettingsForm[K] extends string ? K : never }[SettingsField];

function textInput(p: FieldsetProps, field: TextField) {
  return function TextInput(props: FieldProps) {
    return (
      <input
        {...props}
        value={p.form[field]}
        data-testid={`settings-${field}`}
        onChange={(e) => p.edit(field, e.target.value)}
      />
    );
  };
}

export function DownloadFields(p: FieldsetProps) {
  return (
    <fieldset>
      <legend>Downloads</legend>
      <Field
        label="Download folder"
        hint="Where new torrents are saved, on the machine where Shoal runs."
        error={p.errors.downloadDir}
      >
        {textInput(p, 'downloadDir')}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={p.form.seedAfterDownload}
          onChange={(e) => p.edit('seedAfterDownload', e.target.checked)}
        />
        Keep seeding a torrent after it has finished downloading
      </label>
    </fieldset>
  );
}

export function TrackerFields(p: FieldsetProps) {
  return (
    <fieldset>
      <legend>Trackers and search</legend>
      <Field
        label="Default trackers"
        hint="One URL per line (http, https, udp, ws, wss); used for torrents you create."
        error={p.errors.trackers}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={p.form.trackers}
            data-testid="settings-trackers"
            onChange={(e) => p.edit('trackers', e.target.value)}
          />
        )}
      </Field>
      <Field label="Search server" hint="e.g. http://127.0.0.1:8080; empty for none." error={p.errors.searchServer}>
        {textInput(p, 'searchServer')}
      </Field>
      <Field
        label="Publish token"
        hint={
          p.saved.publishToken
            ? `A token is saved (${p.saved.publishToken}). Leave empty to keep it.`
            : 'Needed when the search server does not allow anonymous publishing.'
        }
        error={p.errors.publishToken}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="off"
            value={p.form.publishToken}
            onChange={(e) => p.edit('publishToken', e.target.value)}
          />
        )}
      </Field>
      {p.saved.publishToken ? (
        <label className="check">
          <input
            type="checkbox"
            checked={p.form.forgetPublishToken}
            onChange={(e) => p.edit('forgetPublishToken', e.target.checked)}
          />
          Forget the saved token
        </label>
      ) : null}
    </fieldset>
  );
}

export function SpeedFields(p: FieldsetProps) {
  return (
    <fieldset>
      <legend>Speed and connections</legend>
      <div className="field-row">
        <Field label="Download limit (KiB/s)" hint="Empty or 0: no limit." error={p.errors.downloadLimit}>
          {textInput(p, 'downloadLimit')}
        </Field>
        <Field label="Upload limit (KiB/s)" hint="Empty or 0: no limit." error={p.errors.uploadLimit}>
          {textInput(p, 'uploadLimit')}
        </Field>
      </div>
      <div className="field-row">
        <Field label="Connections in all" error={p.errors.maxConnections}>
          {textInput(p, 'maxConnections')}
        </Field>
        <Field label="Connections per torrent" error={p.errors.maxConnectionsPerTorrent}>
          {textInput(p, 'maxConnectionsPerTorrent')}
        </Field>
      </div>
      <Field
        label="ICE servers (STUN and TURN)"
        hint="One per line: URL, then username and credential for TURN, e.g. turn:turn.example.org:3478 alice secret. They help peers behind NAT reach each other."
        error={p.errors.iceServers}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={p.form.iceServers}
            data-testid="settings-iceServers"
            onChange={(e) => p.edit('iceServers', e.target.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}
