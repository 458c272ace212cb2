import { useState, type FormEvent } from 'react';
import { tokenFromInput } from '../client/token.js';
import { Field } from './Field.js';

export type NoTokenReason = 'missing' | 'refused' | 'no-host';

const EXPLAIN: Record<NoTokenReason, string> = {
  missing: 'This page talks to a Shoal daemon, which answers only those who show its access token.',
  refused:
    'The daemon refused the token this page had: it was restarted with another data folder, or the token was changed.',
  'no-host': 'This page was opened as a file. Open Shoal from the desktop app, or from the URL a Shoal daemon prints.',
};

/** The "not connected" page: how to get the daemon's token, and a place to paste it. */
export function TokenScreen({ reason, onToken }: { reason: NoTokenReason; onToken(token: string): void }) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = tokenFromInput(input);
    if (token === undefined)
      setError('That is not a Shoal token: paste the whole URL the daemon printed, or the token after “#token=”.');
    else onToken(token);
  };
  return (
    <main className="token-screen" data-testid="token-screen" data-reason={reason}>
      <h1 className="brand">Shoal</h1>
      <h2>Not connected</h2>
      <p>{EXPLAIN[reason]}</p>
      {reason === 'no-host' ? null : (
        <>
          <ol>
            <li>
              Start the daemon if it is not running: <code>npx shoal daemon</code>
            </li>
            <li>
              Open the URL it prints, such as <code>http://127.0.0.1:9091/#token=…</code>
            </li>
            <li>
              Or paste that URL, or the token from the file <code>daemon-token</code> in the daemon’s data folder, here:
            </li>
          </ol>
          <form className="form token-form" onSubmit={submit} noValidate>
            <Field label="Token or URL" error={error}>
              {(props) => (
                <input
                  {...props}
                  value={input}
                  autoComplete="off"
                  spellCheck={false}
                  data-testid="token-input"
                  onChange={(e) => setInput(e.target.value)}
                />
              )}
            </Field>
            <div className="buttons">
              <button type="submit" className="primary" data-testid="token-submit">
                Connect
              </button>
            </div>
          </form>
        </>
      )}
    </main>
  );
}
