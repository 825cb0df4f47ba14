import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpacaDataConfig } from '../../../src-main/adapters/alpaca/market-data/config.js';
import { TokenBucket } from '../../../src-main/adapters/alpaca/market-data/rate-limiter.js';
import { AlpacaMarketDataRest } from '../../../src-main/adapters/alpaca/market-data/rest-client.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York
const MINUTE = 60_000;

function configOf(ex: RunningExchange): AlpacaDataConfig {
  return { tradingUrl: ex.tradingUrl, dataUrl: ex.dataUrl, stockStreamUrl: ex.marketDataStreamUrl, keyId: ex.keys.keyId, secret: ex.keys.secret, feed: 'iex', source: 'demo-exchange' };
}

/** The market data adapter through the official SDK against the local exchange over loopback HTTP. */
describe('AlpacaMarketDataRest against the local exchange', () => {
  let ex: RunningExchange;
  beforeAll(async () => {
    ex = await startExchange({ seed: 7, speed: 1, startTime: START });
  });
  afterAll(() => ex.close());

  it('follows next_page_token to the end: small pages give exactly the bars the exchange has', async () => {
    const rest = new AlpacaMarketDataRest(configOf(ex));
    const start = Date.parse('2024-03-04T14:30:00Z');
    const end = Date.parse('2024-03-05T21:00:00Z');
    const bars = await rest.bars(['AAPL', 'MSFT'], '1Min', { start, end, pageLimit: 250 });
    for (const symbol of ['AAPL', 'MSFT']) {
      const expected = ex.market.bars(symbol, { amount: 1, unit: 'Min' }, start, end + 1).map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
      expect(expected.length).toBeGreaterThan(1000);
      expect(bars.get(symbol)).toEqual(expected);
    }
    const total = (bars.get('AAPL')?.length ?? 0) + (bars.get('MSFT')?.length ?? 0);
    // Every page but the last is full: the request count proves the token was followed, not a big page asked.
    expect(rest.requests).toBe(Math.ceil(total / 250));
  });

  it('every timeframe, with adjustment and feed, and trades and quotes paged to the end', async () => {
    const rest = new AlpacaMarketDataRest(configOf(ex));
    for (const timeframe of ['1Min', '5Min', '15Min', '30Min', '1Hour', '4Hour', '1Day', '1Week', '1Month'] as const) {
      const bars = (await rest.bars(['SPY'], timeframe, { start: START - 40 * 86_400_000, end: START, adjustment: 'all', feed: 'sip', pageLimit: 5000 })).get('SPY') ?? [];
      expect(bars.length, timeframe).toBeGreaterThan(0);
      expect(bars.every((b, i) => i === 0 || b.t > bars[i - 1]!.t)).toBe(true);
    }
    const from = START - 10 * MINUTE;
    const trades = (await rest.trades(['AAPL'], { start: from, end: START - 1, pageLimit: 100 })).get('AAPL') ?? [];
    expect(trades.map((t) => t.t)).toEqual(ex.market.trades('AAPL', from, START).map((t) => t.t));
    const quotes = (await rest.quotes(['AAPL'], { start: from, end: START - 1, pageLimit: 100 })).get('AAPL') ?? [];
    expect(quotes.length).toBe(ex.market.quotes('AAPL', from, START).length);
  });

  it('snapshots and latest values', async () => {
    const rest = new AlpacaMarketDataRest(configOf(ex));
    const snapshots = await rest.snapshots(['AAPL', 'SPY']);
    expect(snapshots.get('AAPL')?.latestQuote?.ask).toBeGreaterThan(0);
    expect(snapshots.get('SPY')?.prevDailyBar?.c).toBeGreaterThan(0);
    const trades = await rest.latestTrades(['AAPL']);
    expect(trades.get('AAPL')?.price).toBeGreaterThan(0);
    const quotes = await rest.latestQuotes(['AAPL']);
    expect(quotes.get('AAPL')?.bid).toBeGreaterThan(0);
    const bars = await rest.latestBars(['MSFT']);
    expect(bars.get('MSFT')?.t).toBeLessThan(START);
    expect(await rest.asset('AAPL')).toMatchObject({ symbol: 'AAPL', tradable: true });
    expect(await rest.asset('ZZZZQ')).toBeUndefined();
  });

  it('on a 429 waits until the reset the server names, then succeeds', async () => {
    // The bucket's clock only moves when it sleeps, so the wait is measured without being spent.
    let now = Date.now();
    const bucket = TokenBucket.perMinute(200, { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) });
    const rest = new AlpacaMarketDataRest(configOf(ex), bucket);
    ex.faults.set({ errorBurst: { status: 429, remaining: 2 } });
    const resetIn = 60_000 - (Date.now() % 60_000);
    const bars = await rest.latestBars(['AAPL']);
    expect(bars.get('AAPL')).toBeDefined();
    expect(rest.requests).toBe(3);
    // Two waits, each until (about) the window's reset second from X-Ratelimit-Reset, at least 1 s.
    expect(bucket.totalWaitMs).toBeGreaterThanOrEqual(2 * Math.max(1000, resetIn - 2000));
  });
});
