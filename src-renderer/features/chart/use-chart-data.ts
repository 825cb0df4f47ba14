import { useEffect, useState } from 'react';
import type { Bar, Timeframe } from '../../../src-shared/domain/bar.js';
import { useClient } from '../../app/client-context.js';

export interface ChartData {
  bars: Bar[];
  source: string | null;
  error: string | null;
  loading: boolean;
}

const HISTORY_LIMIT = 1000;

/**
 * History for a symbol and timeframe from marketData.bars, then the live bar from marketData.bar events, held
 * through a marketData.watch call for as long as the chart shows this symbol. The forming bar replaces the last
 * bar in place when it has the same start time, and is appended when a new bar begins.
 */
export function useChartData(symbol: string, timeframe: Timeframe): ChartData {
  const client = useClient();
  const [state, setState] = useState<ChartData>({ bars: [], source: null, error: null, loading: true });

  useEffect(() => {
    if (!symbol) return;
    let live = true;
    const watch = new AbortController();
    setState({ bars: [], source: null, error: null, loading: true });
    client
      .invoke('marketData.bars', { symbol, timeframe, limit: HISTORY_LIMIT })
      .then((r) => live && setState({ bars: r.bars, source: r.source, error: null, loading: false }))
      .catch((e: unknown) => live && setState({ bars: [], source: null, error: e instanceof Error ? e.message : String(e), loading: false }));
    client.invoke('marketData.watch', { symbols: [symbol], timeframes: [timeframe] }, { signal: watch.signal }).catch(() => undefined);
    const stop = client.subscribe('marketData.bar', (items) => {
      const mine = items.filter((e) => e.symbol === symbol && e.timeframe === timeframe);
      if (mine.length === 0) return;
      setState((s) => {
        if (s.loading) return s;
        const bars = s.bars.slice();
        for (const e of mine) {
          const last = bars[bars.length - 1];
          if (last && e.bar.t === last.t) bars[bars.length - 1] = e.bar;
          else if (!last || e.bar.t > last.t) bars.push(e.bar);
          else {
            const i = bars.findIndex((b) => b.t === e.bar.t);
            if (i >= 0) bars[i] = e.bar; // a correction or backfill of an earlier bar
          }
        }
        return { ...s, bars, source: mine[mine.length - 1]!.source };
      });
    });
    return () => {
      live = false;
      watch.abort();
      stop();
    };
  }, [client, symbol, timeframe]);

  return state;
}
