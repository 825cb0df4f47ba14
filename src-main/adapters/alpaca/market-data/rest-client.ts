import { marketData, RateLimitError, trading } from '@alpacahq/alpaca-trade-api';
import type { Bar, Timeframe } from '../../../../src-shared/domain/bar.js';
import type { EpochMs } from '../../../../src-shared/time.js';
import type { AssetSummary, LiveQuote, LiveTrade } from '../../../market-data/types.js';
import type { Adjustment, AlpacaDataConfig, StockFeed } from './config.js';
import { barFromRest, quoteFromRest, tradeFromRest } from './parse.js';
import { TokenBucket } from './rate-limiter.js';

export interface BarsOptions {
  start?: EpochMs;
  end?: EpochMs;
  /** Page size asked of Alpaca (max 10,000); every page is fetched regardless. */
  pageLimit?: number;
  adjustment?: Adjustment;
  feed?: StockFeed;
  /** As-of date (YYYY-MM-DD) for symbol renames. */
  asof?: string;
  sort?: 'asc' | 'desc';
  /** Stop paging once every symbol has at least this many bars (with sort desc: the most recent ones). */
  maxBars?: number;
  signal?: AbortSignal;
}

export interface RangeOptions {
  start?: EpochMs;
  end?: EpochMs;
  pageLimit?: number;
  feed?: StockFeed;
  sort?: 'asc' | 'desc';
  signal?: AbortSignal;
}

export interface RestSnapshot {
  latestTrade: LiveTrade | null;
  latestQuote: LiveQuote | null;
  minuteBar: Bar | null;
  dailyBar: Bar | null;
  prevDailyBar: Bar | null;
}

/** Requests per page the adapter asks for unless told otherwise: Alpaca's maximum. */
const MAX_PAGE = 10_000;
const MAX_RATE_LIMIT_RETRIES = 5;

/**
 * Alpaca's market data REST API through the official SDK: bars (every timeframe, adjustment and feed), trades,
 * quotes, snapshots and latest values, with `next_page_token` followed to the end and every request passing the
 * token bucket first. Asset lookups use the trading API (assets live there).
 */
export class AlpacaMarketDataRest {
  readonly limiter: TokenBucket;
  private readonly stocks: marketData.StockApi;
  private readonly assetsApi: trading.AssetsApi;
  private readonly clockApi: trading.ClockApi;
  private requestCount = 0;

  constructor(
    private readonly config: AlpacaDataConfig,
    limiter?: TokenBucket,
  ) {
    this.limiter = limiter ?? TokenBucket.perMinute(config.requestsPerMinute ?? 200);
    const credentials = { keyId: config.keyId, secret: config.secret };
    this.stocks = new marketData.StockApi(new marketData.Configuration({ ...credentials, basePath: config.dataUrl }));
    const tradingConfig = new trading.Configuration({ ...credentials, basePath: config.tradingUrl });
    this.assetsApi = new trading.AssetsApi(tradingConfig);
    this.clockApi = new trading.ClockApi(tradingConfig);
  }

  /** Requests sent (pages included), for tests and health. */
  get requests(): number {
    return this.requestCount;
  }

  /** The request fields every paged history call shares: symbols, range, page size, feed, order, page token. */
  private pageQuery(symbols: string[], options: RangeOptions, pageToken: string | undefined) {
    return {
      symbols: symbols.join(','),
      ...dateRange(options),
      limit: options.pageLimit ?? MAX_PAGE,
      feed: (options.feed ?? this.config.feed) as marketData.StockHistoricalFeed,
      ...(options.sort ? { sort: options.sort as marketData.Sort } : {}),
      ...(pageToken ? { pageToken } : {}),
    };
  }

  async bars(symbols: string[], timeframe: Timeframe, options: BarsOptions = {}): Promise<Map<string, Bar[]>> {
    const out = new Map<string, Bar[]>(symbols.map((s) => [s, []]));
    await this.followPages(options.signal, async (pageToken, init) => {
      const page = await this.stocks.stockBars(
        {
          ...this.pageQuery(symbols, options, pageToken),
          timeframe,
          ...(options.adjustment ? { adjustment: options.adjustment } : {}),
          ...(options.asof ? { asof: options.asof } : {}),
        },
        init,
      );
      for (const [symbol, bars] of Object.entries(page.bars)) append(out, symbol, bars.map(barFromRest));
      const max = options.maxBars;
      if (max !== undefined && [...out.values()].every((bars) => bars.length >= max)) return null;
      return page.nextPageToken;
    });
    return out;
  }

  async trades(symbols: string[], options: RangeOptions = {}): Promise<Map<string, LiveTrade[]>> {
    const out = new Map<string, LiveTrade[]>(symbols.map((s) => [s, []]));
    await this.followPages(options.signal, async (pageToken, init) => {
      const page = await this.stocks.stockTrades(this.pageQuery(symbols, options, pageToken), init);
      for (const [symbol, trades] of Object.entries(page.trades)) append(out, symbol, trades.map((t) => tradeFromRest(symbol, t)));
      return page.nextPageToken;
    });
    return out;
  }

  async quotes(symbols: string[], options: RangeOptions = {}): Promise<Map<string, LiveQuote[]>> {
    const out = new Map<string, LiveQuote[]>(symbols.map((s) => [s, []]));
    await this.followPages(options.signal, async (pageToken, init) => {
      const page = await this.stocks.stockQuotes(this.pageQuery(symbols, options, pageToken), init);
      for (const [symbol, quotes] of Object.entries(page.quotes)) append(out, symbol, quotes.map((q) => quoteFromRest(symbol, q)));
      return page.nextPageToken;
    });
    return out;
  }

  async snapshots(symbols: string[], signal?: AbortSignal): Promise<Map<string, RestSnapshot>> {
    const body = await this.request(signal, (init) => this.stocks.stockSnapshots({ symbols: symbols.join(','), feed: this.config.feed as marketData.StockLatestFeed }, init));
    const out = new Map<string, RestSnapshot>();
    for (const [symbol, s] of Object.entries(body)) {
      if (!s) continue;
      out.set(symbol, {
        latestTrade: s.latestTrade ? tradeFromRest(symbol, s.latestTrade) : null,
        latestQuote: s.latestQuote ? quoteFromRest(symbol, s.latestQuote) : null,
        minuteBar: s.minuteBar ? barFromRest(s.minuteBar) : null,
        dailyBar: s.dailyBar ? barFromRest(s.dailyBar) : null,
        prevDailyBar: s.prevDailyBar ? barFromRest(s.prevDailyBar) : null,
      });
    }
    return out;
  }

  async latestBars(symbols: string[], signal?: AbortSignal): Promise<Map<string, Bar>> {
    const body = await this.request(signal, (init) => this.stocks.stockLatestBars({ symbols: symbols.join(','), feed: this.config.feed as marketData.StockLatestFeed }, init));
    return new Map(Object.entries(body.bars).map(([symbol, bar]) => [symbol, barFromRest(bar)]));
  }

  async latestTrades(symbols: string[], signal?: AbortSignal): Promise<Map<string, LiveTrade>> {
    const body = await this.request(signal, (init) => this.stocks.stockLatestTrades({ symbols: symbols.join(','), feed: this.config.feed as marketData.StockLatestFeed }, init));
    return new Map(Object.entries(body.trades).map(([symbol, t]) => [symbol, tradeFromRest(symbol, t)]));
  }

  async latestQuotes(symbols: string[], signal?: AbortSignal): Promise<Map<string, LiveQuote>> {
    const body = await this.request(signal, (init) => this.stocks.stockLatestQuotes({ symbols: symbols.join(','), feed: this.config.feed as marketData.StockLatestFeed }, init));
    return new Map(Object.entries(body.quotes).map(([symbol, q]) => [symbol, quoteFromRest(symbol, q)]));
  }

  /** The active US equity asset of a symbol, or undefined when Alpaca does not know it. */
  async asset(symbol: string, signal?: AbortSignal): Promise<AssetSummary | undefined> {
    try {
      const a = await this.request(signal, (init) => this.assetsApi.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: symbol }, init));
      return { symbol: a.symbol, name: a.name, exchange: String(a.exchange), tradable: a.tradable };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Symbols of every active, tradable US equity the venue lists (the demo exchange's market; Alpaca's is thousands). */
  async listedSymbols(signal?: AbortSignal): Promise<string[]> {
    const assets = await this.request(signal, (init) => this.assetsApi.getV2Assets({ status: 'active', assetClass: 'us_equity' }, init));
    return assets.filter((a) => a.tradable).map((a) => a.symbol).sort();
  }

  /** The market clock (open now, next open and close), from the trading API. */
  async clock(signal?: AbortSignal): Promise<{ isOpen: boolean; timestamp: EpochMs; nextOpen: EpochMs; nextClose: EpochMs }> {
    const c = await this.request(signal, (init) => this.clockApi.legacyClock(init));
    return { isOpen: c.isOpen, timestamp: new Date(c.timestamp).getTime(), nextOpen: new Date(c.nextOpen).getTime(), nextClose: new Date(c.nextClose).getTime() };
  }

  /** One page after another until `next_page_token` is null. */
  private async followPages(signal: AbortSignal | undefined, page: (token: string | undefined, init: RequestInit) => Promise<string | null | undefined>): Promise<void> {
    let token: string | undefined;
    do {
      const next = await this.request(signal, (init) => page(token, init));
      token = next ?? undefined;
    } while (token);
  }

  /** Waits for a token, sends, and on a 429 waits until the server's reset before trying again. */
  private async request<T>(signal: AbortSignal | undefined, send: (init: RequestInit) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(signal);
      this.requestCount++;
      try {
        return await send(signal ? { signal } : {});
      } catch (error) {
        if (!(error instanceof RateLimitError) || attempt >= MAX_RATE_LIMIT_RETRIES) throw error;
        this.limiter.pauseUntil(this.limiter.clock() + Math.max(1000, error.retryAfterMs ?? 60_000));
      }
    }
  }
}

function dateRange(options: { start?: EpochMs; end?: EpochMs }): { start?: Date; end?: Date } {
  return {
    ...(options.start !== undefined ? { start: new Date(options.start) } : {}),
    ...(options.end !== undefined ? { end: new Date(options.end) } : {}),
  };
}

function append<T>(out: Map<string, T[]>, symbol: string, items: T[]): void {
  const list = out.get(symbol);
  // A loop, not push(...items): a page can hold more items than a call may take arguments.
  if (list) for (const item of items) list.push(item);
  else out.set(symbol, items);
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') return error.status;
  return undefined;
}
