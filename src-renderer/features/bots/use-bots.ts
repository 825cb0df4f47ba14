import { useEffect, useState } from 'react';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';

/** Bots and the strategies they can run: loaded on connect, each bot replaced as `bots.state` reports it. */
export function useBots(): { bots: BotDto[]; setBots: (bots: BotDto[]) => void; strategies: StrategyInfoDto[]; error: string | null } {
  const client = useClient();
  const [bots, setBots] = useState<BotDto[]>([]);
  const [strategies, setStrategies] = useState<StrategyInfoDto[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      client.subscribe('bots.state', (items) =>
        setBots((current) => {
          let next = current;
          for (const bot of items) {
            const at = next.findIndex((b) => b.id === bot.id);
            next = at < 0 ? [...next, bot] : next.map((b, i) => (i === at && b.updatedAt <= bot.updatedAt ? bot : b));
          }
          return next;
        }),
      ),
    [client],
  );

  useLoadOnConnect(
    (c) => Promise.all([c.invoke('bots.list', {}), c.invoke('backtest.strategies', {})]),
    ([b, s]) => {
      setBots(b.bots);
      setStrategies(s.strategies);
      setError(null);
    },
    setError,
  );

  return { bots, setBots, strategies, error };
}
