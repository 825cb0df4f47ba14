import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { fetchRunNews, NO_NEWS_NOTE } from '../../../src-main/backtest/news-tape.js';
import { mlBacktestNews } from '../../../src-main/cli/ml-news.js';
import { EXCHANGE_KEY_ID_ENV, EXCHANGE_SECRET_ENV } from '../../../src-main/cli/external-exchange.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { NewsFeed } from '../../../src-main/market-data/news-feed.js';
import { featureColumns } from '../../../src-main/ml/features/feature-sets.js';
import { createMlSignal } from '../../../src-main/strategies/ml/ml-signal.js';
import { NEWS_1, NEWS_DEFS, NEWS_MODEL } from '../../support/news-model.js';

/**
 * ml-signal with a news model on the local exchange's synthetic market: daily bars and the synthetic wire's
 * headlines (tied to the market's big moves) read over real HTTP on loopback, as the workstation reads them.
 */
const START = Date.parse('2024-03-06T15:00:00Z');
const FROM = '2023-01-03T00:00:00Z';
const SYMBOL = 'AAPL';

describe('ml-signal reads the local exchange news in a backtest', () => {
  let ex: RunningExchange;
  let bars: Bar[] = [];
  let feed: NewsFeed;

  beforeAll(async () => {
    ex = await startExchange({ seed: 7, clock: new SimulatedClock(START, 0), rateLimitPerMinute: 100_000 });
    const res = await fetch(`${ex.dataUrl}/v2/stocks/bars?symbols=${SYMBOL}&timeframe=1Day&start=${FROM}&limit=10000`, { headers: { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret } });
    const body = (await res.json()) as { bars: Record<string, Array<{ t: string; o: number; h: number; l: number; c: number; v: number }>> };
    bars = (body.bars[SYMBOL] ?? []).map((b) => ({ t: Date.parse(b.t), o: b.o, h: b.h, l: b.l, c: b.c, v: b.v }));
    feed = new NewsFeed({ config: { tradingUrl: ex.tradingUrl, dataUrl: ex.dataUrl, stockStreamUrl: ex.marketDataStreamUrl, keyId: ex.keys.keyId, secret: ex.keys.secret, feed: 'iex', source: 'demo-exchange' } });
  });
  afterAll(async () => ex.close());

  it('the news features are non-zero on its rows, and the run differs from the same run without news', async () => {
    expect(bars.length).toBeGreaterThan(200);
    const { news, note } = await fetchRunNews(feed, [SYMBOL], bars[0]!.t, bars[bars.length - 1]!.t + 86_400_000);
    expect(note).toBeNull();
    expect(news!.length).toBeGreaterThan(10);
    // The rows its training would see: complete rows with a non-zero news sentiment.
    const cols = featureColumns(bars, NEWS_DEFS, { news: news!.map((h) => ({ t: h.t, score: h.score })) });
    let nonZero = 0;
    for (let i = 0; i < bars.length; i++) if (cols.every((c) => Number.isFinite(c[i]!)) && cols[NEWS_1]![i] !== 0) nonZero++;
    expect(nonZero).toBeGreaterThan(3);

    const definition = createMlSignal(NEWS_MODEL, 'ml-signal-news');
    const params = parseParams(definition.params, { allocation: 0.5 });
    const withNews = backtestBars(definition, params, SYMBOL, bars, { news: news! });
    const without = backtestBars(definition, params, SYMBOL, bars);
    expect(withNews.orders.length).toBeGreaterThan(0);
    expect(without.orders).toHaveLength(0);
    expect(withNews.ordersHash).not.toBe(without.ordersHash);
    expect(without.logs.map((l) => l.message)).toContain(NO_NEWS_NOTE);
  });

  it('`ml backtest --exchange-url` reads the same headlines (key pair from the environment); without it, none and the note', async () => {
    const market = new MarketData([toColumns(SYMBOL, bars)]);
    const saved = [process.env[EXCHANGE_KEY_ID_ENV], process.env[EXCHANGE_SECRET_ENV]];
    process.env[EXCHANGE_KEY_ID_ENV] = ex.keys.keyId;
    process.env[EXCHANGE_SECRET_ENV] = ex.keys.secret;
    try {
      const cli = await mlBacktestNews(ex.tradingUrl, market);
      const direct = await fetchRunNews(feed, [SYMBOL], bars[0]!.t, bars[bars.length - 1]!.t + 86_400_000);
      expect(cli.note).toBeNull();
      expect(cli.news!.map((h) => h.id)).toEqual(direct.news!.map((h) => h.id));
    } finally {
      if (saved[0] === undefined) delete process.env[EXCHANGE_KEY_ID_ENV];
      else process.env[EXCHANGE_KEY_ID_ENV] = saved[0];
      if (saved[1] === undefined) delete process.env[EXCHANGE_SECRET_ENV];
      else process.env[EXCHANGE_SECRET_ENV] = saved[1];
    }
    expect(await mlBacktestNews(undefined, market)).toEqual({ news: undefined, note: NO_NEWS_NOTE });
  });
});
