import { z } from 'zod';
import { TIMEFRAMES } from '../domain/bar.js';

/**
 * Schemas of the `marketData` service of the contract: bars, snapshots, per-symbol interest (watch), the live
 * events, symbol validation and the saved watchlists. Every value that carries market data names its source, so
 * the GUI can always show where a number came from.
 */

/**
 * Where a value came from: Alpaca, demo mode's local exchange, the Parquet catalog (a folder or an S3 bucket), the
 * local history store, or the synthetic generator.
 */
export const DATA_SOURCES = ['alpaca', 'demo-exchange', 'catalog', 'history-store', 'synthetic'] as const;
export const dataSource = z.enum(DATA_SOURCES);
export type DataSource = z.infer<typeof dataSource>;

export const timeframe = z.enum(TIMEFRAMES);

/** An upper-case stock ticker (BRK.B, BF-B style share classes allowed); input is trimmed and upper-cased. */
export const marketSymbol = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'must be a ticker such as AAPL or BRK.B');

const epochMs = z.number().int().nonnegative();
const price = z.number().nonnegative();

export const barSchema = z.strictObject({
  t: epochMs,
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number().nonnegative(),
});

export const barsRequest = z.strictObject({
  symbol: marketSymbol,
  timeframe,
  /** The most recent `limit` bars of the range (default 1000). */
  limit: z.number().int().min(1).max(50_000).optional(),
  start: epochMs.optional(),
  end: epochMs.optional(),
});
export const barsResponse = z.strictObject({
  symbol: z.string(),
  timeframe,
  source: dataSource,
  bars: z.array(barSchema),
});

/** The series the history store holds (imported with the CLI or written through), each a chart can show. */
export const storedSeriesResponse = z.strictObject({
  series: z.array(z.strictObject({ symbol: z.string(), timeframe, first: epochMs, last: epochMs })),
});
export type StoredSeriesList = z.infer<typeof storedSeriesResponse>;

export const quoteSchema = z.strictObject({
  t: epochMs,
  bid: price,
  ask: price,
  bidSize: z.number().nonnegative(),
  askSize: z.number().nonnegative(),
});
export const tradeSchema = z.strictObject({ t: epochMs, price, size: z.number().nonnegative() });

export const symbolSnapshot = z.strictObject({
  symbol: z.string(),
  source: dataSource,
  stale: z.boolean(),
  latestTrade: tradeSchema.nullable(),
  latestQuote: quoteSchema.nullable(),
  /** Today's regular-session bar so far, and the previous session's (for change and change %). */
  dailyBar: barSchema.nullable(),
  prevDailyBar: barSchema.nullable(),
});
export type SymbolSnapshot = z.infer<typeof symbolSnapshot>;

export const snapshotRequest = z.strictObject({ symbols: z.array(marketSymbol).min(1).max(200) });
export const snapshotResponse = z.strictObject({ snapshots: z.array(symbolSnapshot) });

/**
 * Interest in live data for some symbols, held for as long as the call is pending: the call answers only when
 * the caller cancels it (or disconnects, which cancels it), and main then releases the symbols. The GUI changes
 * its set by starting a new watch and cancelling the old one.
 */
export const watchRequest = z.strictObject({
  symbols: z.array(marketSymbol).max(200),
  /** Timeframes whose forming bar the caller wants as `marketData.bar` events (default 1Min). */
  timeframes: z.array(timeframe).max(TIMEFRAMES.length).optional(),
});
export const watchResponse = z.strictObject({ released: z.array(z.string()) });

export const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'offline', 'idle'] as const;
export const connectionState = z.enum(CONNECTION_STATES);
export type MarketConnectionState = z.infer<typeof connectionState>;

export const symbolStatus = z.strictObject({
  symbol: z.string(),
  source: dataSource,
  /** True while no message arrived for the stale limit during market hours, or the stream is down: do not act. */
  stale: z.boolean(),
  lastMessageAt: epochMs.nullable(),
});
export type SymbolStatus = z.infer<typeof symbolStatus>;

export const marketDataStatus = z.strictObject({
  at: epochMs,
  connection: connectionState,
  /** The provider live data and history come from now. */
  source: dataSource,
  marketOpen: z.boolean(),
  /** The symbols whose status changed (on the event), or every watched symbol (on the invoke). */
  symbols: z.array(symbolStatus),
  detail: z.string(),
});
export type MarketDataStatus = z.infer<typeof marketDataStatus>;

export const barEvent = z.strictObject({
  symbol: z.string(),
  timeframe,
  bar: barSchema,
  source: dataSource,
  /** The bar is still forming (updates in place) rather than complete. */
  forming: z.boolean(),
  /** A correction of a bar sent earlier (Alpaca's updated bar), or a backfilled one after a gap. */
  revision: z.enum(['live', 'corrected', 'backfill']),
});
export const quoteEvent = quoteSchema.extend({ symbol: z.string(), source: dataSource });
export const tradeEvent = tradeSchema.extend({ symbol: z.string(), source: dataSource });

export const assetInfo = z.strictObject({
  symbol: z.string(),
  name: z.string(),
  exchange: z.string(),
  tradable: z.boolean(),
});
export const validateSymbolsRequest = z.strictObject({ symbols: z.array(z.string().max(32)).min(1).max(200) });
export const validateSymbolsResponse = z.strictObject({
  valid: z.array(assetInfo),
  /** Each refused input with a reason a trader can act on. */
  invalid: z.array(z.strictObject({ input: z.string(), reason: z.string() })),
});

export const watchlist = z.strictObject({
  name: z.string().trim().min(1).max(64),
  symbols: z.array(marketSymbol).max(500),
});
export type Watchlist = z.infer<typeof watchlist>;
export const watchlistsResponse = z.strictObject({ watchlists: z.array(watchlist) });
export const saveWatchlistRequest = watchlist;
export const deleteWatchlistRequest = z.strictObject({ name: z.string().trim().min(1).max(64) });
