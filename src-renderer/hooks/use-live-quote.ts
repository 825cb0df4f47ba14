import { useEffect, useState } from 'react';
import type { DataSource } from '../../src-shared/ipc/market-data-schemas.js';
import { useClient } from '../app/client-context.js';

export interface LiveQuote {
  symbol: string;
  bid: number | null;
  ask: number | null;
  last: number | null;
  source: DataSource | null;
  stale: boolean;
  /** Why there is no quote (an unknown symbol, no data); null while all is well. */
  error: string | null;
}

const TICKER = /^[A-Z][A-Z0-9.-]{0,9}$/;
/** Typing "AAPL" should not start four watches: the symbol must rest this long first. */
const SETTLE_MS = 250;

/**
 * Bid, ask and last of one symbol, live: a snapshot, then main's coalesced quote and trade events, holding live
 * interest (a pending marketData.watch) until the symbol changes or the component goes.
 */
export function useLiveQuote(symbol: string): LiveQuote | undefined {
  const client = useClient();
  const [quote, setQuote] = useState<LiveQuote>();
  useEffect(() => {
    setQuote(undefined);
    if (!TICKER.test(symbol)) return;
    const controller = new AbortController();
    let unsubscribers: Array<() => void> = [];
    const merge = (change: Partial<LiveQuote>): void => setQuote((current) => ({ ...(current ?? { symbol, bid: null, ask: null, last: null, source: null, stale: false, error: null }), ...change }));
    const settle = setTimeout(() => {
      client.invoke('marketData.watch', { symbols: [symbol] }, { signal: controller.signal }).catch((error: unknown) => {
        if (!controller.signal.aborted) merge({ error: error instanceof Error ? error.message : String(error) });
      });
      client
        .invoke('marketData.snapshot', { symbols: [symbol] })
        .then(({ snapshots }) => {
          const s = snapshots.find((x) => x.symbol === symbol);
          if (!s) merge({ error: `no market data for ${symbol}` });
          else merge({ bid: s.latestQuote?.bid ?? null, ask: s.latestQuote?.ask ?? null, last: s.latestTrade?.price ?? null, source: s.source, stale: s.stale, error: null });
        })
        .catch((error: unknown) => merge({ error: error instanceof Error ? error.message : String(error) }));
      unsubscribers = [
        client.subscribe('marketData.quote', (items) => {
          const q = items.filter((x) => x.symbol === symbol).at(-1);
          if (q) merge({ bid: q.bid, ask: q.ask, source: q.source });
        }),
        client.subscribe('marketData.trade', (items) => {
          const t = items.filter((x) => x.symbol === symbol).at(-1);
          if (t) merge({ last: t.price, source: t.source });
        }),
      ];
    }, SETTLE_MS);
    return () => {
      clearTimeout(settle);
      for (const off of unsubscribers) off();
      controller.abort();
    };
  }, [client, symbol]);
  return quote;
}
