import { useEffect, useState } from 'react';
import type { SecretsStatus } from '../../../src-shared/ipc/secrets-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';

/** The masked credentials status, live: loaded on connect, replaced by every `secrets.changed` event. */
export function useSecretsStatus(): { status: SecretsStatus | null; error: string | null; set: (status: SecretsStatus) => void } {
  const client = useClient();
  const [status, setStatus] = useState<SecretsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => client.subscribe('secrets.changed', (items) => setStatus(items.at(-1) ?? null)), [client]);

  useLoadOnConnect(
    (c) => c.invoke('secrets.status', {}),
    (value) => {
      setStatus(value);
      setError(null);
    },
    setError,
  );

  return { status, error, set: setStatus };
}
