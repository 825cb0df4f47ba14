import { useEffect, useState } from 'react';
import type { MarketClock } from '../../src-shared/ipc/market-clock-schemas.js';
import { useClient } from '../app/client-context.js';

/** Main reads the broker's clock every 30 s; reading main's more often catches session changes within seconds. */
const READ_MS = 10_000;

/** The exchange's clock from main, read every few seconds; between reads it is moved on by the wall clock. */
export function useMarketClock(): { clock: MarketClock; offsetMs: number } | undefined {
  const client = useClient();
  const [state, setState] = useState<{ clock: MarketClock; offsetMs: number }>();
  useEffect(() => {
    let alive = true;
    const read = (): void => {
      client.invoke('marketData.clock', {}).then(
        (clock) => alive && setState({ clock, offsetMs: clock.now - clock.wallNow }),
        () => undefined,
      );
    };
    read();
    const timer = setInterval(read, READ_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client]);
  return state;
}
