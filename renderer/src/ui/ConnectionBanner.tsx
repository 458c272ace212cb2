import type { ConnectionState } from '../client/shoal-client.js';
import { useNow } from './hooks.js';

interface BannerProps {
  connection: ConnectionState;
  onRetry(): void;
}

/** Says when the engine cannot be reached, and when the next try is; nothing while connected. */
export function ConnectionBanner({ connection, onRetry }: BannerProps) {
  if (connection.status === 'connected' || connection.status === 'unauthorized') return null;
  return (
    <div
      className={`banner banner-${connection.status}`}
      role="status"
      data-testid="connection-state"
      data-status={connection.status}
    >
      {connection.status === 'connecting' ? (
        <p>Connecting to Shoal…</p>
      ) : (
        <Disconnected connection={connection} onRetry={onRetry} />
      )}
    </div>
  );
}

function Disconnected({ connection, onRetry }: BannerProps) {
  const now = useNow(1000);
  const seconds =
    connection.retryAt === undefined ? undefined : Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
  return (
    <>
      <p>
        <strong>Not connected</strong>: {connection.message ?? 'the Shoal daemon cannot be reached'}.{' '}
        {seconds !== undefined ? `Trying again in ${seconds} s.` : ''}
      </p>
      <button type="button" onClick={onRetry}>
        Try now
      </button>
    </>
  );
}
