import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../src-shared/ipc/contract.js';
import { useClient } from './client-context.js';

export type OrdersStatus = ResponseOf<'orders.status'>;

/** The orders service's status (mode, risk state, readiness), refreshed by risk events and a slow poll. */
export function useOrdersStatus(pollMs = 3_000): OrdersStatus | undefined {
  const client = useClient();
  const [status, setStatus] = useState<OrdersStatus>();
  useEffect(() => {
    let alive = true;
    const refresh = (): void => {
      client
        .invoke('orders.status', {})
        .then((next) => alive && setStatus(next))
        .catch(() => undefined);
    };
    refresh();
    const timer = setInterval(refresh, pollMs);
    const unsubscribe = client.subscribe('orders.risk', (items) => {
      const last = items[items.length - 1];
      if (last) setStatus((current) => (current ? { ...current, risk: last } : current));
      refresh();
    });
    return () => {
      alive = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [client, pollMs]);
  return status;
}
