import type { Bar } from '../../src-shared/domain/bar.js';
import type { AlpacaMarketDataRest } from '../adapters/alpaca/market-data/rest-client.js';
import type { BarRequest, MarketDataProvider, ProviderSnapshot } from './providers.js';

/** Alpaca (or the demo exchange, which speaks the same API) as the chain's first provider. */
export class AlpacaProvider implements MarketDataProvider {
  constructor(
    private readonly rest: AlpacaMarketDataRest,
    readonly source: 'alpaca' | 'demo-exchange',
  ) {}

  async bars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
    // Newest first, so `limit` keeps the most recent bars of the range; paging stops once enough arrived.
    const result = await this.rest.bars([request.symbol], request.timeframe, {
      start: request.start,
      end: request.end,
      sort: 'desc',
      pageLimit: Math.min(request.limit, 10_000),
      maxBars: request.limit,
      ...(signal ? { signal } : {}),
    });
    return (result.get(request.symbol) ?? []).slice(0, request.limit).reverse();
  }

  async snapshots(symbols: string[], signal?: AbortSignal): Promise<Map<string, ProviderSnapshot>> {
    const snapshots = await this.rest.snapshots(symbols, signal);
    const out = new Map<string, ProviderSnapshot>();
    for (const [symbol, s] of snapshots) {
      out.set(symbol, { latestTrade: s.latestTrade, latestQuote: s.latestQuote, dailyBar: s.dailyBar, prevDailyBar: s.prevDailyBar });
    }
    return out;
  }
}
