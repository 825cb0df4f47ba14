import { z } from 'zod';
import { dataSource, marketSymbol } from './market-data-schemas.js';

/**
 * Schemas of the `options` service of the contract: an underlying's option chain (quotes, IV and greeks per
 * contract, with where the greeks came from) and its daily implied-volatility history (ATM IV per expiry, 25-delta
 * skew, IV rank and percentile). Greeks use Alpaca's units: delta and gamma per 1.00 of the underlying, vega per
 * volatility point, theta per calendar day, rho per rate point.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const epochMs = z.number().int().nonnegative();

export const optionGreeksSchema = z.strictObject({
  delta: z.number(),
  gamma: z.number(),
  theta: z.number(),
  vega: z.number(),
  rho: z.number(),
});
export type OptionGreeksValue = z.infer<typeof optionGreeksSchema>;

/**
 * Where a row's IV and greeks came from: `alpaca` (the snapshot carried them: Alpaca's or the demo exchange's model),
 * `computed` (the snapshot lacked them; solved here from the quote's mid by Black-Scholes-Merton), or `none` (no
 * usable price to solve from).
 */
export const GREEKS_SOURCES = ['alpaca', 'computed', 'none'] as const;
export const greeksSource = z.enum(GREEKS_SOURCES);
export type GreeksSource = z.infer<typeof greeksSource>;

export const chainRowSchema = z.strictObject({
  symbol: z.string().min(1),
  type: z.enum(['call', 'put']),
  strike: z.number().positive(),
  expiration: isoDate,
  bid: z.number().nonnegative().nullable(),
  ask: z.number().nonnegative().nullable(),
  bidSize: z.number().nonnegative().nullable(),
  askSize: z.number().nonnegative().nullable(),
  last: z.number().nonnegative().nullable(),
  /** The quote's time (epoch ms), null without a quote. */
  quoteT: epochMs.nullable(),
  /** Today's volume when the snapshot carries a daily bar; null otherwise. */
  volume: z.number().nonnegative().nullable(),
  /** Open interest from the contract listing when known. */
  openInterest: z.number().nonnegative().nullable(),
  iv: z.number().nonnegative().nullable(),
  greeks: optionGreeksSchema.nullable(),
  greeksSource,
  inTheMoney: z.boolean(),
});
export type ChainRow = z.infer<typeof chainRowSchema>;

export const chainRequest = z.strictObject({
  underlying: marketSymbol,
  /** One expiration (YYYY-MM-DD); all listed expirations when absent. */
  expiry: isoDate.optional(),
});
export type ChainRequest = z.infer<typeof chainRequest>;

export const chainResponse = z.strictObject({
  underlying: z.string(),
  /** The underlying's price the greeks were computed at (latest trade, else quote mid). */
  spot: z.number().positive().nullable(),
  asOf: epochMs,
  /** Every expiration listed for the underlying (the tabs), even when `expiry` narrowed the rows. */
  expirations: z.array(isoDate),
  rows: z.array(chainRowSchema),
  source: dataSource,
  /** Rows whose greeks were computed locally (the snapshot lacked them). */
  computed: z.number().int().nonnegative(),
});
export type ChainResponse = z.infer<typeof chainResponse>;

export const ivPointSchema = z.strictObject({
  date: isoDate,
  expiry: isoDate,
  days: z.number().int().nonnegative(),
  /** At-the-money IV (strike nearest the forward; the mean of the call's and put's where both exist). */
  atmIv: z.number().nonnegative(),
  /** 25-delta put IV minus 25-delta call IV (positive: puts richer); null when the wings are missing. */
  skew25: z.number().nullable(),
});
export type IvPoint = z.infer<typeof ivPointSchema>;

export const ivHistoryRequest = z.strictObject({
  underlying: marketSymbol,
  /** Trading days of history for rank and percentile (default 252). */
  days: z.number().int().min(5).max(2520).optional(),
});

export const ivHistoryResponse = z.strictObject({
  underlying: z.string(),
  /** The daily 30-day constant-maturity ATM IV (interpolated in variance between the expiries around 30 days). */
  daily: z.array(z.strictObject({ date: isoDate, iv30: z.number().nonnegative(), skew25: z.number().nullable() })),
  /** The latest day's points, one per expiry (the term structure). */
  latest: z.array(ivPointSchema),
  /** (today - min) / (max - min) over the window, 0..100; null with fewer than 5 days recorded. */
  ivRank: z.number().min(0).max(100).nullable(),
  /** Share of days in the window with a lower IV than today, 0..100; null with fewer than 5 days. */
  ivPercentile: z.number().min(0).max(100).nullable(),
});
export type IvHistoryResponse = z.infer<typeof ivHistoryResponse>;

export const recordIvRequest = z.strictObject({ underlying: marketSymbol });
export const recordIvResponse = z.strictObject({ date: isoDate, points: z.number().int().nonnegative() });
