import { z } from 'zod';

/**
 * Schemas of the Portfolio & risk tab: `risk.report` (the book's exposures, beta to SPY, historical VaR and expected
 * shortfall, correlations, option greeks in dollars, drawdown and each limit's use) and `portfolio.rebalancePreview`
 * (the optimiser's targets and the trades to reach them, each with the risk engine's verdict). Money in dollars as
 * numbers: these are analytics, not orders; the orders themselves go through `orders.submit` / `orders.algoStart`.
 */

const money = z.number();
const nullableNumber = z.number().nullable();

export const riskReportRequest = z.strictObject({
  /** Days of daily returns the statistics use (latest ones). */
  window: z.number().int().min(20).max(1000).optional(),
});

const exposureRow = z.strictObject({ key: z.string(), long: money, short: money, net: money, gross: money });

export const riskLimitUse = z.strictObject({
  name: z.enum(['maxOrderQty', 'maxOrderNotional', 'maxPositionQty', 'maxGrossExposure', 'dailyLossLimit', 'maxDrawdown']),
  label: z.string(),
  limit: z.number(),
  /** What the account uses now; null for per-order limits and where it could not be read. */
  used: nullableNumber,
  /** used / limit; 1 or more means the limit binds (only reducing orders pass). */
  fraction: nullableNumber,
  detail: z.string(),
});
export type RiskLimitUse = z.infer<typeof riskLimitUse>;

const tail = z.strictObject({ var: money, es: money }).nullable();

export const riskReportResponse = z.strictObject({
  asOf: nullableNumber,
  days: z.number().int().nonnegative(),
  window: z.number().int(),
  equity: nullableNumber,
  direction: z.strictObject({ long: money, short: money, net: money, gross: money }),
  bySymbol: z.array(exposureRow.extend({ qty: z.number(), weight: nullableNumber, beta: nullableNumber, sector: z.string() })),
  bySector: z.array(exposureRow),
  byBot: z.array(exposureRow),
  beta: z.strictObject({ benchmark: z.string(), portfolio: nullableNumber, dollarBeta: nullableNumber }),
  var: z.strictObject({ p95: tail, p99: tail, tailDays95: z.number().int(), tailDays99: z.number().int() }),
  correlation: z.strictObject({ symbols: z.array(z.string()), matrix: z.array(z.array(nullableNumber)) }),
  greeks: z.strictObject({ delta: money, gamma: money, theta: money, vega: money, contracts: z.number() }),
  drawdown: z.strictObject({ max: z.number(), current: z.number() }).nullable(),
  /** The account's fall from its peak equity now (the risk engine's drawdown), a fraction; null when unread. */
  accountDrawdown: nullableNumber,
  limits: z.array(riskLimitUse),
  notes: z.array(z.string()),
  /** Milliseconds main spent computing (not fetching). */
  computeMs: z.number(),
});
export type RiskReportDto = z.infer<typeof riskReportResponse>;

export const REBALANCE_METHOD_NAMES = ['min-variance', 'risk-parity', 'hrp', 'mean-variance'] as const;

/**
 * The most symbols one rebalance preview spreads over. The optimiser runs on a worker thread, so the cap no longer
 * guards main's loop; it bounds the wait (minimum variance with a 10% cap took about 2 s for 200 symbols at load 12)
 * and the history reads and risk previews that come with each symbol.
 */
export const MAX_REBALANCE_SYMBOLS = 200;

export const rebalancePreviewRequest = z.strictObject({
  method: z.enum(REBALANCE_METHOD_NAMES),
  /** The universe to spread over; the stocks held now when absent. */
  symbols: z.array(z.string().regex(/^[A-Z][A-Z0-9.]{0,20}$/)).max(MAX_REBALANCE_SYMBOLS).optional(),
  /** Dollars to hold across the symbols; the holdings' value now when absent. */
  capital: z.number().positive().max(1e10).optional(),
  maxWeight: z.number().gt(0).max(1).optional(),
  window: z.number().int().min(20).max(1000).optional(),
});
export type RebalancePreviewRequest = z.infer<typeof rebalancePreviewRequest>;

export const rebalanceTrade = z.strictObject({
  symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  qty: z.number().int().positive(),
  /** 'market': one market order; 'twap': sliced, as the bots' execution does for a large share of the volume. */
  algo: z.enum(['market', 'twap']),
  slices: z.number().int().nullable(),
  cause: z.string(),
  /** The risk engine's answer to this order now (nothing sent). */
  verdict: z.strictObject({ ok: z.boolean(), code: z.string(), message: z.string() }),
  estimatedCost: z.string().nullable(),
});
export type RebalanceTradeDto = z.infer<typeof rebalanceTrade>;

export const rebalancePreviewResponse = z.strictObject({
  method: z.enum(REBALANCE_METHOD_NAMES),
  capital: z.number(),
  days: z.number().int(),
  expectedVolatility: z.number(),
  weights: z.array(z.strictObject({ symbol: z.string(), target: z.number(), current: z.number(), targetQty: z.number().int(), price: z.number() })),
  trades: z.array(rebalanceTrade),
  notes: z.array(z.string()),
});
export type RebalancePreviewDto = z.infer<typeof rebalancePreviewResponse>;
