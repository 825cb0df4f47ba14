import { useEffect, useState } from 'react';
import type { LogEntry } from '../../src-shared/ipc/schemas.js';
import { useClient } from '../app/client-context.js';
import { useConnectionState } from './use-connection-state.js';
import { mergeLogEntries } from './merge-log-entries.js';

export interface LogTail {
  entries: LogEntry[];
  error: string | undefined;
}

/**
 * The last `limit` log entries, live. Subscribes before asking for the history so nothing logged in between is
 * lost; the merge drops the overlap by sequence number.
 */
export function useLogTail(limit: number): LogTail {
  const client = useClient();
  const connection = useConnectionState();
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [error, setError] = useState<string>();

  useEffect(
    () => client.subscribe('system.log', (items) => setEntries((current) => mergeLogEntries(current, items, limit))),
    [client, limit],
  );

  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    client.invoke('system.recentLogs', { limit }).then(
      (history) => {
        if (!live) return;
        setError(undefined);
        setEntries((current) => mergeLogEntries(current, history, limit));
      },
      (reason: unknown) => {
        if (live) setError(reason instanceof Error ? reason.message : String(reason));
      },
    );
    return () => {
      live = false;
    };
  }, [client, connection, limit]);

  return { entries, error };
}
