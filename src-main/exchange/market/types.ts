import type { EpochMs } from '../../../src-shared/time.js';

/**
 * What the local exchange's market offers to the broker (matching), the market data REST routes and the
 * market data streams. Prices are JSON numbers here, as in Alpaca's market data; the broker converts them to
 * exact decimals at its boundary. All times are UTC epoch milliseconds.
 */
export interface StockQuote {
  symbol: string;
  t: EpochMs;
  bidPrice: number;
  bidSize: number;
  bidExchange: string;
  askPrice: number;
  askSize: number;
  askExchange: string;
  conditions: string[];
  tape: string;
}

export interface StockTrade {
  symbol: string;
  t: EpochMs;
  /** Unique per symbol, increasing. */
  id: number;
  price: number;
  size: number;
  exchange: string;
  conditions: string[];
  tape: string;
}

export interface Bar {
  symbol: string;
  /** Start of the bar's interval. */
  t: EpochMs;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  /** Number of trades. */
  n: number;
  /** Volume-weighted average price. */
  vw: number;
}

export type TimeframeUnit = 'Min' | 'Hour' | 'Day' | 'Week' | 'Month';
export interface Timeframe {
  amount: number;
  unit: TimeframeUnit;
}

/** A trading day of the calendar (times in UTC epoch ms; `date` is the New York date). */
export interface TradingSession {
  date: string;
  /** Pre-market start (04:00 New York). */
  sessionOpen: EpochMs;
  /** Regular open (09:30). */
  open: EpochMs;
  /** Regular close (16:00, 13:00 on early-close days). */
  close: EpochMs;
  /** After-hours end (20:00). */
  sessionClose: EpochMs;
}

export interface MarketCalendar {
  /** Sessions whose New York date lies within [fromDate, toDate] (YYYY-MM-DD), in order. */
  sessions(fromDate: string, toDate: string): TradingSession[];
  /** The session of the New York date of `time`, if that date is a trading day. */
  sessionOf(time: EpochMs): TradingSession | undefined;
  isRegularHours(time: EpochMs): boolean;
  isExtendedHours(time: EpochMs): boolean;
  nextOpen(time: EpochMs): EpochMs;
  nextClose(time: EpochMs): EpochMs;
}

export interface OptionContract {
  /** OCC symbol, e.g. AAPL240308C00172500. */
  symbol: string;
  id: string;
  underlying: string;
  type: 'call' | 'put';
  strike: number;
  /** YYYY-MM-DD */
  expiration: string;
  style: 'american';
  multiplier: number;
}

export interface OptionGreeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

export interface OptionSnapshot {
  contract: OptionContract;
  quote: { t: EpochMs; bidPrice: number; bidSize: number; askPrice: number; askSize: number; bidExchange: string; askExchange: string; condition: string };
  trade: { t: EpochMs; price: number; size: number; exchange: string; condition: string } | undefined;
  greeks: OptionGreeks;
  impliedVolatility: number;
}

/** A trade of an option contract. */
export type OptionTradeRecord = NonNullable<OptionSnapshot['trade']>;

export type MarketEvent =
  | { kind: 'trade'; trade: StockTrade }
  | { kind: 'quote'; quote: StockQuote }
  /** A completed minute bar. */
  | { kind: 'bar'; bar: Bar }
  | { kind: 'dailyBar'; bar: Bar }
  | { kind: 'status'; symbol: string; t: EpochMs; halted: boolean; reason: string };

/** An asset as the exchange lists it. */
export interface ListedAsset {
  id: string;
  symbol: string;
  name: string;
  exchange: string;
  tradable: boolean;
  shortable: boolean;
  easyToBorrow: boolean;
  fractionable: boolean;
  marginable: boolean;
}

export interface MarketSource {
  readonly calendar: MarketCalendar;
  assets(): readonly ListedAsset[];
  /** The current quote and last trade of a symbol at the market's current time; undefined for unknown symbols. */
  latestQuote(symbol: string): StockQuote | undefined;
  latestTrade(symbol: string): StockTrade | undefined;
  /**
   * Bars with t in [start, end), oldest first, built from the minute bars completed by the market's current
   * time (so the latest multi-minute, daily, weekly or monthly bar may still be forming, as on Alpaca).
   */
  bars(symbol: string, timeframe: Timeframe, start: EpochMs, end: EpochMs): Bar[];
  trades(symbol: string, start: EpochMs, end: EpochMs): StockTrade[];
  quotes(symbol: string, start: EpochMs, end: EpochMs): StockQuote[];
  /** Moves the market to `time`, emitting every event in between to listeners, in time order. */
  advanceTo(time: EpochMs): void;
  onEvents(listener: (events: MarketEvent[]) => void): () => void;
  /** Halts or resumes a symbol (fault injection); a halted symbol emits a status event and no trades. */
  setHalted(symbol: string, halted: boolean): void;
  isHalted(symbol: string): boolean;
  optionContracts(underlying: string): OptionContract[];
  optionSnapshot(symbol: string): OptionSnapshot | undefined;
  /** Option history (optional: a market without it answers option bars and trades with no data). */
  optionBars?(symbol: string, timeframe: Timeframe, start: EpochMs, end: EpochMs): Bar[];
  optionTrades?(symbol: string, start: EpochMs, end: EpochMs): OptionTradeRecord[];
}
