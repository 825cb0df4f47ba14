import { toQuoteColumns, toTradeColumns } from '../../backtest/market-data.js';
import type { TickStore } from './tick-store.js';

/** The two history REST calls a backfill needs (AlpacaMarketDataRest has them: /v2/stocks/{symbol}/quotes and /trades). */
export interface TickHistorySource {
  quotes(symbols: string[], options: { start?: number; end?: number; signal?: AbortSignal }): Promise<Map<string, ReadonlyArray<{ t: number; bid: number; bidSize: number; ask: number; askSize: number }>>>;
  trades(symbols: string[], options: { start?: number; end?: number; signal?: AbortSignal }): Promise<Map<string, ReadonlyArray<{ t: number; price: number; size: number }>>>;
}

export interface TickBackfillResult {
  symbol: string;
  quotes: number;
  trades: number;
}

/**
 * Fills [from, to] of each symbol's quotes and trades from the history REST paths into the store, replacing what
 * the window held (a second run over the same window stores the ticks once). One symbol per request so that a
 * page of one symbol never waits behind another's; the REST client's token bucket keeps the rate limit.
 */
export async function backfillTicks(source: TickHistorySource, store: TickStore, symbols: readonly string[], from: number, to: number, signal?: AbortSignal): Promise<TickBackfillResult[]> {
  const out: TickBackfillResult[] = [];
  for (const raw of symbols) {
    const symbol = raw.toUpperCase();
    const range = { start: from, end: to, ...(signal ? { signal } : {}) };
    const quotes = (await source.quotes([symbol], range)).get(symbol) ?? [];
    const trades = (await source.trades([symbol], range)).get(symbol) ?? [];
    // Replaced over the asked window, not just the ticks' span: ticks stored there that the source no longer has go.
    store.replace(symbol, 'quotes', toQuoteColumns(quotes), { from, to });
    store.replace(symbol, 'trades', toTradeColumns(trades), { from, to });
    out.push({ symbol, quotes: quotes.length, trades: trades.length });
  }
  return out;
}
