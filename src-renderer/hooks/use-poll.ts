import { useEffect, useRef } from 'react';
import type { WorkstationClient } from '../../src-shared/ipc/client.js';
import { useClient } from '../app/client-context.js';
import { useConnectionState } from './use-connection-state.js';

/**
 * Asks main for something now and then every `everyMs` while connected (figures that move with prices and fills:
 * there is no event for each of them). A slow answer is never overtaken: the next ask waits for it. `key` restarts it.
 */
export function usePoll<T>(load: ((client: WorkstationClient) => Promise<T>) | null, apply: (value: T) => void, everyMs: number, key: string, fail?: (message: string) => void): void {
  const client = useClient();
  const connection = useConnectionState();
  const latest = useRef({ load, apply, fail });
  latest.current = { load, apply, fail };
  const enabled = load !== null;

  useEffect(() => {
    if (connection !== 'connected' || !enabled) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (): void => {
      const work = latest.current.load;
      if (!work) return;
      work(client)
        .then(
          (value) => {
            if (live) latest.current.apply(value);
          },
          (reason: unknown) => {
            if (live) latest.current.fail?.(reason instanceof Error ? reason.message : String(reason));
          },
        )
        .finally(() => {
          if (live) timer = setTimeout(tick, everyMs);
        });
    };
    tick();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [client, connection, everyMs, key, enabled]);
}
