import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpacaDataConfig } from '../../../src-main/adapters/alpaca/market-data/config.js';
import { AlpacaNewsRest } from '../../../src-main/adapters/alpaca/market-data/news.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { SyntheticMarket } from '../../../src-main/exchange/market/synthetic-market.js';
import { NewsWire } from '../../../src-main/exchange/news/news-wire.js';
import { NewsFeed } from '../../../src-main/market-data/news-feed.js';
import type { ScoredHeadlineDto } from '../../../src-shared/ipc/news-schemas.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York
const DAY = 86_400_000;

function configOf(ex: RunningExchange): AlpacaDataConfig {
  return { tradingUrl: ex.tradingUrl, dataUrl: ex.dataUrl, stockStreamUrl: ex.marketDataStreamUrl, keyId: ex.keys.keyId, secret: ex.keys.secret, feed: 'iex', source: 'demo-exchange' };
}

/** News through the official SDK (REST and stream) against the local exchange over loopback. */
describe('news through the SDK against the local exchange', () => {
  let ex: RunningExchange;
  let clock: SimulatedClock;
  beforeAll(async () => {
    clock = new SimulatedClock(START, 0);
    ex = await startExchange({ seed: 7, clock, rateLimitPerMinute: 100_000 });
  });
  afterAll(() => ex.close());

  it('lists every article of the window (every symbol), newest first, across pages of 50', async () => {
    const start = START - 10 * DAY;
    const expected = ex.news.symbols().flatMap((s) => ex.news.articles(s, start, START + 1)).sort((a, b) => b.t - a.t || b.id - a.id);
    expect(expected.length).toBeGreaterThan(50);
    const got = await new AlpacaNewsRest(configOf(ex)).list({ start, limit: 1000 });
    expect(got.map((h) => h.id)).toEqual(expected.map((a) => a.id));
    expect(got[0]).toMatchObject({ headline: expected[0]!.headline, t: expected[0]!.t, symbols: expected[0]!.symbols, source: 'synthetic' });
    const few = await new AlpacaNewsRest(configOf(ex)).list({ symbols: ['AAPL', 'NVDA'], start, limit: 3 });
    expect(few.map((h) => h.id)).toEqual(expected.filter((a) => ['AAPL', 'NVDA'].includes(a.symbols[0]!)).slice(0, 3).map((a) => a.id));
  });

  it('scores each headline in the direction its move went, and turns them into insights', async () => {
    const feed = new NewsFeed({ config: configOf(ex) });
    const headlines = await feed.list({ symbols: ['AAPL', 'NVDA', 'TSLA'], start: START - 20 * DAY, limit: 500 });
    const moves = new Map(['AAPL', 'NVDA', 'TSLA'].flatMap((s) => ex.news.articles(s, START - 20 * DAY, START + 1)).map((a) => [a.id, a.move]));
    expect(headlines.length).toBeGreaterThan(5);
    for (const h of headlines) expect(Math.sign(h.sentiment.score)).toBe(Math.sign(moves.get(h.id)!));
    const newest = headlines[0]!;
    const insights = NewsFeed.insights(headlines, newest.t);
    const mine = insights.find((i) => i.symbol === newest.symbols[0]);
    expect(mine?.direction).toBe(newest.sentiment.score > 0 ? 'up' : 'down');
    expect(mine?.reason).toContain(newest.headline.slice(0, 30));
  });

  it('hears live articles on the news stream as the market makes them', async () => {
    const probe = new SimulatedClock(START + 3 * DAY, 0);
    const wire = new NewsWire(new SyntheticMarket({ seed: 7, clock: probe }), probe, 7);
    const next = wire
      .symbols()
      .flatMap((s) => wire.articles(s, clock.now() + 1, probe.now()).slice(0, 1))
      .sort((a, b) => a.t - b.t)[0]!;
    clock.advanceTo(next.t - 90_000);
    const heard: ScoredHeadlineDto[] = [];
    const feed = new NewsFeed({ config: configOf(ex), onHeadline: (h) => heard.push(h) });
    feed.start();
    try {
      await waitFor(() => feed.subscribed, 5000);
      clock.advanceTo(next.t + 30_000);
      await waitFor(() => heard.some((h) => h.id === next.id), 5000);
      const h = heard.find((x) => x.id === next.id)!;
      expect(h).toMatchObject({ headline: next.headline, t: next.t, symbols: next.symbols, source: 'synthetic' });
      expect(Math.sign(h.sentiment.score)).toBe(Math.sign(next.move));
      expect(feed.recent()[0]?.id).toBe(next.id);
    } finally {
      feed.stop();
    }
  });
});

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
