import { useEffect, useState } from 'react';
import type { SecretsStatus } from '../../../src-shared/ipc/secrets-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useConnectionState } from '../../hooks/use-connection-state.js';

/** The masked credentials status, live: loaded on connect, replaced by every `secrets.changed` event. */
export function useSecretsStatus(): { status: SecretsStatus | null; error: string | null; set: (status: SecretsStatus) => void } {
  const client = useClient();
  const connection = useConnectionState();
  const [status, setStatus] = useState<SecretsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => client.subscribe('secrets.changed', (items) => setStatus(items.at(-1) ?? null)), [client]);

  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    client.invoke('secrets.status', {}).then(
      (value) => {
        if (!live) return;
        setStatus(value);
        setError(null);
      },
      (reason: unknown) => {
        if (live) setError(reason instanceof Error ? reason.message : String(reason));
      },
    );
    return () => {
      live = false;
    };
  }, [client, connection]);

  return { status, error, set: setStatus };
}
