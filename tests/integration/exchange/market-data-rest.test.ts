import { marketData } from '@alpacahq/alpaca-trade-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ID, SECRET, startHarness, type Harness } from './market-data-harness.js';

/** The official SDK's market data client against the local exchange over real HTTP. */
describe('market data REST through the official SDK', () => {
  let h: Harness;
  let stocks: marketData.StockApi;
  let options: marketData.OptionApi;
  beforeAll(async () => {
    h = await startHarness();
    const config = new marketData.Configuration({ keyId: KEY_ID, secret: SECRET, basePath: h.url });
    stocks = new marketData.StockApi(config);
    options = new marketData.OptionApi(config);
  });
  afterAll(async () => h.close());

  it('pages multi-symbol bars by symbol then time until next_page_token is null', async () => {
    const all: { symbol: string; t: number }[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await stocks.stockBars({ symbols: 'MSFT,AAPL', timeframe: '1Day', start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-03-06T00:00:00Z'), limit: 7, pageToken });
      for (const [symbol, bars] of Object.entries(page.bars)) for (const bar of bars) all.push({ symbol, t: new Date(String(bar.t)).getTime() });
      pageToken = page.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    // 2024-01-02 .. 2024-03-05: 44 trading days per symbol.
    expect(all).toHaveLength(88);
    expect(pages).toBe(Math.ceil(88 / 7));
    const sorted = [...all].sort((a, b) => (a.symbol === b.symbol ? a.t - b.t : a.symbol < b.symbol ? -1 : 1));
    expect(all).toEqual(sorted);
  });

  it('pages trades and serves latest values and snapshots', async () => {
    let count = 0;
    let pageToken: string | undefined;
    do {
      const page = await stocks.stockTrades({ symbols: 'AAPL', start: new Date('2024-03-07T15:00:00Z'), end: new Date('2024-03-07T15:03:00Z'), limit: 100, pageToken });
      count += page.trades.AAPL?.length ?? 0;
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    const direct = h.market.trades('AAPL', Date.parse('2024-03-07T15:00:00Z'), Date.parse('2024-03-07T15:03:00Z') + 1);
    expect(count).toBe(direct.length);
    const latest = await stocks.stockLatestQuotes({ symbols: 'AAPL,NOPE' });
    expect(Object.keys(latest.quotes)).toEqual(['AAPL']);
    expect(latest.quotes.AAPL?.ap).toBeGreaterThan(latest.quotes.AAPL?.bp ?? Infinity);
    const snapshots = await stocks.stockSnapshots({ symbols: 'AAPL,NOPE' });
    expect(snapshots.AAPL?.latestTrade?.p).toBeGreaterThan(0);
    const bars = await stocks.stockBars({ symbols: 'SPY', timeframe: '1Day', start: new Date('2023-01-01T00:00:00Z'), limit: 10000 });
    expect(bars.bars.SPY?.length).toBeGreaterThan(250);
  });

  it('serves the option chain with greeks, paged', async () => {
    let count = 0;
    let pageToken: string | undefined;
    do {
      const page = await options.optionChain({ underlyingSymbol: 'AAPL', limit: 50, type: 'call', pageToken });
      for (const snapshot of Object.values(page.snapshots)) {
        expect(snapshot.greeks?.delta).toBeGreaterThan(0);
        expect(snapshot.impliedVolatility).toBeGreaterThan(0);
        count++;
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    expect(count).toBe(h.market.optionContracts('AAPL').filter((c) => c.type === 'call').length);
  });

  it('answers bad input as Alpaca does', async () => {
    expect((await h.get('/v2/stocks/bars?symbols=AAPL&timeframe=7Fortnight')).status).toBe(422);
    expect((await h.get('/v2/stocks/bars?symbols=AAPL&timeframe=1Day&limit=10001')).status).toBe(422);
    expect((await h.get('/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=yesterday')).status).toBe(422);
    const missing = await h.get('/v2/stocks/bars?timeframe=1Day');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ code: 40010000, message: 'missing symbols' });
    expect((await h.get('/v2/stocks/trades?symbols=AAPL&sort=sideways')).status).toBe(422);
  });
});
