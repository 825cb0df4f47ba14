import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { opportunityListSchema, type OpportunityList } from '../../../src-shared/ipc/opportunities-schemas.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { ScanClient } from '../../../src-main/discovery/scan-client.js';
import { NEWS_SOURCE } from '../../../src-main/discovery/news-signals.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { NewsFeed } from '../../../src-main/market-data/news-feed.js';
import type { MarketDataApi } from '../../../src-main/market-data/types.js';
import { OpportunityService } from '../../../src-main/services/opportunity-service.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const START = Date.parse('2024-03-06T15:00:00Z');
const DAY = 86_400_000;
const SYMBOLS = ['AAPL', 'NVDA', 'TSLA'];

/**
 * The news insight source in the live scanner: headlines from the local exchange's news endpoint, read through the
 * SDK by the market data's NewsFeed, become `news-sentiment` rows of the ranked list beside the strategies'.
 * The bars are daily files standing in for the three symbols (the scanner's bars are not what is tested here).
 */
describe('opportunity service with news', () => {
  let ex: RunningExchange;
  beforeAll(async () => {
    ensureBuilt('scan-worker');
    ex = await startExchange({ seed: 7, clock: new SimulatedClock(START, 0), rateLimitPerMinute: 100_000 });
  });
  afterAll(() => ex.close());

  it('lists a news view for each symbol whose recent headlines lean one way, quoting the headline', async () => {
    // The scan's clock: a minute after the newest headline of the three symbols in the last 20 days.
    const articles = SYMBOLS.flatMap((s) => ex.news.articles(s, START - 20 * DAY, START + 1));
    expect(articles.length).toBeGreaterThan(0);
    const newest = articles.reduce((a, b) => (b.t > a.t ? b : a));
    const now = newest.t + 60_000;
    const feed = new NewsFeed({ config: { tradingUrl: ex.tradingUrl, dataUrl: ex.dataUrl, stockStreamUrl: ex.marketDataStreamUrl, keyId: ex.keys.keyId, secret: ex.keys.secret, feed: 'iex', source: 'demo-exchange' } });
    const files: Record<string, string> = { AAPL: 'orcl-2014.txt', NVDA: 'nvda-2014.txt', TSLA: 'yhoo-2014.txt' };
    const bars = new Map<string, Bar[]>(SYMBOLS.map((s) => [s, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, files[s]!), 'utf8'), s).map((r) => ({ t: r.t, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v }))]));
    const market = {
      bars: async ({ symbol, limit }: { symbol: string; limit?: number }) => ({ symbol, timeframe: '1Day' as const, source: 'history-store' as const, bars: bars.get(symbol)!.slice(-(limit ?? 300)) }),
      subscribe: () => () => undefined,
      news: () => feed,
      marketClock: () => ({ now, isOpen: true, nextOpen: now, nextClose: now }),
    } as unknown as MarketDataApi;
    const published: OpportunityList[] = [];
    const service = new OpportunityService({
      log: new Logger({ console: false }),
      marketData: () => market,
      universe: async () => SYMBOLS,
      publish: (list) => published.push(list),
      scanClient: () => new ScanClient(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs')),
      strategies: ['sma-cross', 'swing'],
    });
    try {
      await service.start();
      const list = await service.rescan();
      expect(() => opportunityListSchema.parse(list)).not.toThrow();
      const news = list.opportunities.filter((o) => o.strategy === NEWS_SOURCE);
      // The newest headline's symbol has a view in the direction of its score, quoting it.
      const scoredNewest = (await feed.list({ symbols: [newest.symbols[0]!], start: newest.t, end: newest.t + 1, limit: 5 })).find((h) => h.id === newest.id)!;
      const mine = news.find((o) => o.symbol === newest.symbols[0]);
      expect(mine).toBeDefined();
      expect(mine!.direction).toBe(scoredNewest.sentiment.score > 0 ? 'up' : 'down');
      expect(mine!.reason).toContain(newest.headline.slice(0, 30));
      expect(mine).toMatchObject({ family: 'stock', source: 'insight', generatedAt: newest.t });
      // No record yet: the confidence is the uncalibrated coin, the word list's own figure kept as raw.
      expect(mine!.confidence).toBe(0.5);
      expect(mine!.rawConfidence).toBeGreaterThan(0.5);
      // Every news row is a universe symbol with headlines in the window.
      for (const o of news) expect(articles.some((a) => a.symbols.includes(o.symbol) && a.t > now - 6 * 3_600_000)).toBe(true);
      // A second scan with no new headline keeps one view per symbol, not one more.
      const again = await service.rescan();
      expect(again.opportunities.filter((o) => o.strategy === NEWS_SOURCE)).toEqual(news);
    } finally {
      await service.stop();
    }
  });
});
