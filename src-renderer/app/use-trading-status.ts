import { useEffect, useRef, useState } from 'react';
import type { TradingStatus } from '../../src-shared/ipc/trading-schemas.js';
import { useClient } from './client-context.js';
import { useLoadOnConnect } from '../hooks/use-load-on-connect.js';

/**
 * The trading mode as main reports it: loaded on connect and replaced by every `trading.modeChanged`. When a
 * switch finishes in another mode than this window loaded with, the window reloads, so no order, position or
 * quote of the previous mode stays on screen.
 */
export function useTradingStatus(): TradingStatus | null {
  const client = useClient();
  const [status, setStatus] = useState<TradingStatus | null>(null);
  const loadedMode = useRef<string | null>(null);

  useEffect(
    () =>
      client.subscribe('trading.modeChanged', (items) => {
        const last = items.at(-1);
        if (!last) return;
        setStatus(last);
        const loaded = loadedMode.current;
        if (!last.switching && loaded !== null && (loaded !== last.mode || last.liveConfirmed)) window.location.reload();
      }),
    [client],
  );

  useLoadOnConnect(
    (c) => c.invoke('trading.status', {}),
    (value) => {
      loadedMode.current ??= value.mode;
      setStatus(value);
    },
  );

  return status;
}
