import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import type { DataSource, MarketDataStatus, SymbolSnapshot, Watchlist } from '../../src-shared/ipc/market-data-schemas.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { IndicatorColumns } from '../kernel/indicators/registry.js';
import type { NewsFeed } from './news-feed.js';
import type { StoredSeries } from './providers.js';

export type { DataSource };

export interface BarsQuery {
  symbol: string;
  timeframe: Timeframe;
  limit?: number;
  start?: EpochMs;
  end?: EpochMs;
}

export interface BarsResult {
  symbol: string;
  timeframe: Timeframe;
  source: DataSource;
  bars: Bar[];
}

export interface LiveQuote {
  symbol: string;
  t: EpochMs;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

export interface LiveTrade {
  symbol: string;
  t: EpochMs;
  price: number;
  size: number;
}

export type BarRevision = 'live' | 'corrected' | 'backfill';

export interface LiveBar {
  symbol: string;
  timeframe: Timeframe;
  bar: Bar;
  forming: boolean;
  revision: BarRevision;
}

/** What a consumer of live data (a GUI, a bot, an alert) hears; every value names its source. */
export interface MarketDataListener {
  onBar?(bar: LiveBar, source: DataSource): void;
  onQuote?(quote: LiveQuote, source: DataSource): void;
  onTrade?(trade: LiveTrade, source: DataSource): void;
  /** A symbol went stale or fresh, or the connection changed: a consumer must not act on a stale symbol. */
  onStatus?(status: MarketDataStatus): void;
}

export interface AssetSummary {
  symbol: string;
  name: string;
  exchange: string;
  tradable: boolean;
}

export interface SymbolValidation {
  valid: AssetSummary[];
  invalid: Array<{ input: string; reason: string }>;
}

/** The market data service as handlers, bots and alerts see it. */
export interface MarketDataApi {
  bars(query: BarsQuery, signal?: AbortSignal): Promise<BarsResult>;
  snapshots(symbols: string[]): Promise<SymbolSnapshot[]>;
  /** The broker's market clock as last polled, moved on to now (simulated in demo); undefined before the first poll. */
  marketClock?(): { now: number; isOpen: boolean; nextOpen: number; nextClose: number } | undefined;
  /**
   * The SIP feed's quotes (the national best bid and offer) for the stale-quote guard, on a second connection; absent
   * where no SIP stream is available (Alpaca's free plan), or undefined when the service has none now. Returns the
   * function that releases them.
   */
  nbboQuotes?(symbols: string[], onQuote: (quote: LiveQuote) => void): (() => void) | undefined;
  /** Registers live interest; returns the function that releases it. */
  subscribe(symbols: string[], listener: MarketDataListener, timeframes?: Timeframe[]): () => void;
  status(): MarketDataStatus;
  validateSymbols(inputs: string[]): Promise<SymbolValidation>;
  /** Symbols the demo exchange lists (its whole market); undefined on Alpaca, whose list is too long to be a universe. */
  demoUniverse?(): Promise<string[] | undefined>;
  watchlists(): Watchlist[];
  saveWatchlist(list: Watchlist): Watchlist[];
  deleteWatchlist(name: string): Watchlist[];
  /** The series the history store holds, by symbol then timeframe (none without a store). */
  storedSeries(): StoredSeries[];
  /** Recording of live quotes and trades into the history store, per symbol (absent where there is no store). */
  recordTicks?(symbol: string, on: boolean): string[];
  tickRecording?(): string[];
  /**
   * One registry indicator over big columns off main's loop; undefined (or absent) where no worker runs, and the
   * caller computes in place.
   */
  /** News through the same endpoints (absent where a caller has no news, e.g. test doubles). */
  news?(): NewsFeed;
  computeIndicator?(indicator: string, params: Record<string, number>, columns: IndicatorColumns): Promise<Record<string, Float64Array>> | undefined;
}
