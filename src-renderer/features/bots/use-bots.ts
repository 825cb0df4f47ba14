import { useEffect, useState } from 'react';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { StrategyInfoDto } from '../../../src-shared/ipc/backtest-schemas.js';
import type { BotSummaryDto, UniverseDto } from '../../../src-shared/ipc/bot-detail-schemas.js';
import { useClient } from '../../app/client-context.js';
import { useLoadOnConnect } from '../../hooks/use-load-on-connect.js';
import { usePoll } from '../../hooks/use-poll.js';

/** How often the rows' figures (P&L, allocation in use, decisions) are asked for. */
const SUMMARY_EVERY_MS = 2_000;

export interface BotsState {
  bots: BotDto[];
  setBots: (bots: BotDto[]) => void;
  strategies: StrategyInfoDto[];
  universes: UniverseDto[];
  summaries: ReadonlyMap<string, BotSummaryDto>;
  error: string | null;
}

/**
 * Bots, the strategies they can run and the universes they may trade: loaded on connect, each bot replaced as
 * `bots.state` reports it; the rows' figures polled.
 */
export function useBots(): BotsState {
  const client = useClient();
  const [bots, setBots] = useState<BotDto[]>([]);
  const [strategies, setStrategies] = useState<StrategyInfoDto[]>([]);
  const [universes, setUniverses] = useState<UniverseDto[]>([]);
  const [summaries, setSummaries] = useState<ReadonlyMap<string, BotSummaryDto>>(new Map());
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
    (c) => Promise.all([c.invoke('bots.list', {}), c.invoke('bots.strategies', {}), c.invoke('bots.universes', {}).catch(() => ({ universes: [] }))]),
    ([b, s, u]) => {
      setBots(b.bots);
      setStrategies(s.strategies);
      setUniverses(u.universes);
      setError(null);
    },
    setError,
  );

  usePoll(
    (c) => c.invoke('bots.summaries', {}),
    (r) => setSummaries(new Map(r.summaries.map((s) => [s.id, s]))),
    SUMMARY_EVERY_MS,
    'summaries',
  );

  return { bots, setBots, strategies, universes, summaries, error };
}
