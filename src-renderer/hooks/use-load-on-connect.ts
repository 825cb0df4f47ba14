import { useEffect, useRef } from 'react';
import type { WorkstationClient } from '../../src-shared/ipc/client.js';
import { useClient } from '../app/client-context.js';
import { useConnectionState } from './use-connection-state.js';

/**
 * Loads a feature's state from main each time the connection is (re)established, so a reconnect never leaves a
 * tab showing what it had before. `apply` gets the result and `fail` the error's message, unless the component
 * unmounted or the connection changed meanwhile. The callbacks may change between renders.
 */
export function useLoadOnConnect<T>(load: (client: WorkstationClient) => Promise<T>, apply: (value: T) => void, fail?: (message: string) => void): void {
  const client = useClient();
  const connection = useConnectionState();
  const latest = useRef({ load, apply, fail });
  latest.current = { load, apply, fail };

  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    latest.current.load(client).then(
      (value) => {
        if (live) latest.current.apply(value);
      },
      (reason: unknown) => {
        if (live) latest.current.fail?.(reason instanceof Error ? reason.message : String(reason));
      },
    );
    return () => {
      live = false;
    };
  }, [client, connection]);
}
