import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlpacaMarketDataRest } from '../../../src-main/adapters/alpaca/market-data/rest-client.js';
import type { QuoteColumns, TradeColumns } from '../../../src-main/backtest/market-data.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { openHistoryDatabase } from '../../../src-main/history/history-db.js';
import { backfillTicks } from '../../../src-main/history/ticks/tick-backfill.js';
import { TickStore } from '../../../src-main/history/ticks/tick-store.js';

const START = Date.parse('2024-03-06T15:00:00Z');

/** Backfill of quotes and trades over loopback HTTP from the local exchange's history REST paths into history.sqlite. */
describe('tick backfill from the local exchange', () => {
  let ex: RunningExchange;
  let dir = '';
  beforeAll(async () => {
    ex = await startExchange({ seed: 11, speed: 1, startTime: START });
    dir = mkdtempSync(join(tmpdir(), 'tick-backfill-'));
  });
  afterAll(async () => {
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores exactly the ticks the exchange serves for the window, once however often it runs', async () => {
    const rest = new AlpacaMarketDataRest({ tradingUrl: ex.tradingUrl, dataUrl: ex.dataUrl, stockStreamUrl: ex.marketDataStreamUrl, keyId: ex.keys.keyId, secret: ex.keys.secret, feed: 'iex', source: 'demo-exchange' });
    const store = new TickStore(openHistoryDatabase(join(dir, 'history.sqlite')));
    const from = Date.parse('2024-03-05T15:00:00Z');
    const to = Date.parse('2024-03-05T15:20:00Z');
    const first = await backfillTicks(rest, store, ['spy'], from, to);
    const again = await backfillTicks(rest, store, ['SPY'], from, to);
    expect(again).toEqual(first);
    expect(first[0]!.quotes).toBeGreaterThan(100);
    expect(first[0]!.trades).toBeGreaterThan(100);
    const quotes = store.read('SPY', 'quotes') as QuoteColumns;
    const trades = store.read('SPY', 'trades') as TradeColumns;
    const served = ex.market.quotes('SPY', from, to + 1);
    const servedTrades = ex.market.trades('SPY', from, to + 1);
    expect(quotes.t.length).toBe(first[0]!.quotes);
    expect(Array.from(quotes.t)).toEqual(served.map((q) => q.t));
    expect(Array.from(quotes.bid)).toEqual(served.map((q) => q.bidPrice));
    expect(Array.from(quotes.askSize)).toEqual(served.map((q) => q.askSize));
    expect(Array.from(trades.price)).toEqual(servedTrades.map((t) => t.price));
    expect(quotes.t[0]).toBeGreaterThanOrEqual(from);
    expect(quotes.t[quotes.t.length - 1]).toBeLessThanOrEqual(to);
    store.db.close();
  });
});
