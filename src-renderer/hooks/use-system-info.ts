import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../src-shared/ipc/schemas.js';
import { useClient } from '../app/client-context.js';
import { useConnectionState } from './use-connection-state.js';

/** Fetched again after each reconnect, since main may have restarted in between. */
export function useSystemInfo(): SystemInfo | undefined {
  const client = useClient();
  const connection = useConnectionState();
  const [info, setInfo] = useState<SystemInfo>();
  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    client.invoke('system.info', {}).then(
      (value) => {
        if (live) setInfo(value);
      },
      () => {
        // The status bar falls back to the metrics' mode; a failed info call is not worth an error here.
      },
    );
    return () => {
      live = false;
    };
  }, [client, connection]);
  return info;
}
