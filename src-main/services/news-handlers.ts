import { CodedError } from '../../src-shared/ipc/errors.js';
import { MAX_NEWS_LIST } from '../../src-shared/ipc/news-schemas.js';
import type { ContractHandlers } from '../ipc/handlers.js';
import { NewsFeed } from '../market-data/news-feed.js';
import type { MarketDataApi } from '../market-data/types.js';

/** Headlines `news.list` answers when the caller names no limit. */
const DEFAULT_LIMIT = 200;

/**
 * The `news` invokes: a window of scored headlines ending at the exchange's now (simulated in demo), with the
 * per-symbol insights they make. Live headlines reach GUIs as `news.headline` events once the feed has started,
 * which the first `list` does.
 */
export function createNewsHandlers(marketData: () => MarketDataApi): ContractHandlers['news'] {
  return {
    list: async ({ symbols, windowMs, limit }, { signal }) => {
      const api = marketData();
      const feed = api.news?.();
      if (!feed) throw new CodedError('UNAVAILABLE', 'this workstation has no news source; news comes with Alpaca market data or the demo exchange');
      const asOf = api.marketClock?.()?.now ?? Date.now();
      let headlines;
      try {
        headlines = await feed.list({ symbols, start: asOf - windowMs, limit: Math.min(limit ?? DEFAULT_LIMIT, MAX_NEWS_LIST), signal });
      } catch (error) {
        if (signal.aborted) throw new CodedError('CANCELLED', 'news request cancelled');
        const reason = error instanceof Error ? error.message : String(error);
        throw new CodedError('UNAVAILABLE', `news could not be read from the market data endpoint (${reason}); check the connection and try again`);
      }
      const insights = NewsFeed.insights(headlines, asOf).map(({ meanScore: _mean, ...insight }) => insight);
      return { headlines, insights: insights.slice(0, 200), asOf };
    },
  };
}
