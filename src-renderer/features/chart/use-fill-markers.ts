import { useEffect, useState } from 'react';
import type { PayloadOf } from '../../../src-shared/ipc/contract.js';
import { useClient } from '../../app/client-context.js';
import type { FillMarker } from '../../components/chart/chart-model.js';

type FillWire = PayloadOf<'orders.fill'>;

const NONE: FillMarker[] = [];

/**
 * The account's fills on one symbol as chart markers: the stored fills when the chart opens (orders.fills),
 * then each new one as main publishes it (orders.fill). A fill heard both ways is kept once (by execution id).
 */
export function useFillMarkers(symbol: string): FillMarker[] {
  const client = useClient();
  const [markers, setMarkers] = useState<FillMarker[]>(NONE);

  useEffect(() => {
    if (!symbol) return;
    let live = true;
    const byExecution = new Map<string, FillMarker>();
    const publish = (): void => {
      if (live) setMarkers([...byExecution.values()].sort((a, b) => a.t - b.t));
    };
    const take = (fills: readonly FillWire[]): boolean => {
      let added = false;
      for (const f of fills) {
        if (f.symbol !== symbol || byExecution.has(f.executionId)) continue;
        byExecution.set(f.executionId, { t: f.at, price: Number(f.price), side: f.side, qty: f.qty });
        added = true;
      }
      return added;
    };
    setMarkers(NONE);
    // Subscribe first, so a fill that lands while the list is on its way is not lost between the two.
    const stop = client.subscribe('orders.fill', (items) => {
      if (take(items)) publish();
    });
    client
      .invoke('orders.fills', {})
      .then((fills) => {
        take(fills);
        publish();
      })
      // No orders service (or not ready yet): the chart simply has no markers; new fills still arrive above.
      .catch(() => undefined);
    return () => {
      live = false;
      stop();
    };
  }, [client, symbol]);

  return markers;
}
