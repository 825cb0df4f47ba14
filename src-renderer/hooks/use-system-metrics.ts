import { useEffect, useState } from 'react';
import type { SystemMetrics } from '../../src-shared/ipc/schemas.js';
import { useClient } from '../app/client-context.js';

/** The latest metrics sample; main publishes one a second, so only the last of a batch matters. */
export function useSystemMetrics(): SystemMetrics | undefined {
  const client = useClient();
  const [metrics, setMetrics] = useState<SystemMetrics>();
  useEffect(
    () =>
      client.subscribe('system.metrics', (items) => {
        const last = items[items.length - 1];
        if (last) setMetrics(last);
      }),
    [client],
  );
  return metrics;
}
