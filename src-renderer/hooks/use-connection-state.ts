import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '../../src-shared/ipc/client.js';
import { useClient } from '../app/client-context.js';

export function useConnectionState(): ConnectionState {
  const client = useClient();
  return useSyncExternalStore(
    (notify) => client.onConnection(notify),
    () => client.connection,
  );
}
