import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { daemonClient, desktopClient, pageToken, rememberToken, servedOverHttp } from './client/pick-client.js';
import type { ShoalClient } from './client/shoal-client.js';
import { App } from './ui/App.js';
import { useConnection } from './ui/hooks.js';
import { TokenScreen, type NoTokenReason } from './ui/TokenScreen.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/list.css';
import './styles/forms.css';

function firstClient(): ShoalClient | undefined {
  const desktop = desktopClient();
  if (desktop) return desktop;
  const token = servedOverHttp() ? pageToken() : undefined;
  return token === undefined ? undefined : daemonClient(token);
}

/** The desktop app's bridge when there is one, else the daemon that served the page, once it has a token. */
function Root() {
  const [client, setClient] = useState(firstClient);
  const [reason, setReason] = useState<NoTokenReason>(servedOverHttp() ? 'missing' : 'no-host');
  if (!client) {
    return (
      <TokenScreen
        reason={reason}
        onToken={(token) => {
          rememberToken(token);
          setClient(daemonClient(token));
        }}
      />
    );
  }
  return (
    <Connected
      client={client}
      onRefused={() => {
        client.close();
        setReason('refused');
        setClient(undefined);
      }}
    />
  );
}

function Connected({ client, onRefused }: { client: ShoalClient; onRefused(): void }) {
  const { status } = useConnection(client);
  useEffect(() => {
    if (status === 'unauthorized') onRefused();
  }, [status, onRefused]);
  return <App client={client} />;
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
