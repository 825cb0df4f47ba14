import type { MarketData } from '../backtest/market-data.js';
import { fetchRunNews, type RunNewsSource } from '../backtest/news-tape.js';
import type { StrategyHeadline } from '../kernel/strategy/types.js';

const DAY_MS = 86_400_000;

/**
 * `ml backtest` of a model that reads news: the run's headlines from the local exchange's news endpoint when
 * `--exchange-url` names one (the demo market's synthetic wire), else none, with the note saying its news
 * features are 0. Loaded only for such a model, so other runs never touch the SDK's news client.
 */
export async function mlBacktestNews(exchangeUrl: string | undefined, market: MarketData): Promise<{ news: StrategyHeadline[] | undefined; note: string | null }> {
  let feed: RunNewsSource | undefined;
  if (exchangeUrl !== undefined) {
    const [{ externalExchangeEndpoints }, { NewsFeed }] = await Promise.all([import('./external-exchange.js'), import('../market-data/news-feed.js')]);
    const endpoints = externalExchangeEndpoints(exchangeUrl, process.env);
    // REST only: the feed's stream is never started here.
    feed = new NewsFeed({
      config: { tradingUrl: endpoints.tradingUrl, dataUrl: endpoints.dataUrl, stockStreamUrl: endpoints.marketDataStreamUrl, keyId: endpoints.keys.keyId, secret: endpoints.keys.secret, feed: 'iex', source: 'demo-exchange' },
    });
  }
  const times = market.times;
  if (times.length === 0) return { news: [], note: null };
  // Through the end of the last bar's day, as training reads it: the engine still hands each over only before its bar.
  return fetchRunNews(feed, market.symbols, times[0]!, times[times.length - 1]! + DAY_MS);
}
