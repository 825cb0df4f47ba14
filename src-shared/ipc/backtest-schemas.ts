import { z } from 'zod';
import { decisionSchema, protectionLockSchema, protectionSettingsSchema } from './bot-framework-schemas.js';
import { TIMEFRAMES } from '../domain/bar.js';
import { queueUrlSchema } from './distributed-schemas.js';
import { strategyFamily } from './bot-detail-schemas.js';

/**
 * Schemas of the `backtest` service: strategies and their parameter schemas (as plain metadata), runs,
 * optimisation and walk-forward jobs with progress events and cancellation, and stored results. Main parses the
 * fill and account models again with the engine's own schemas (src-main/backtest/fill-model.ts).
 */

const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
const strategyName = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a strategy name such as sma-cross');
const paramValue = z.union([z.number(), z.string().max(200), z.boolean()]);
const params = z.record(z.string().max(64), paramValue);

/** One parameter as a form and a search need it (JSON-schema-like, read from the strategy's zod schema). */
export const paramSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ name: z.string(), kind: z.literal('number'), integer: z.boolean(), min: z.number(), max: z.number(), default: z.number(), description: z.string().optional() }),
  z.strictObject({ name: z.string(), kind: z.literal('enum'), options: z.array(z.string()), default: z.string(), description: z.string().optional() }),
  z.strictObject({ name: z.string(), kind: z.literal('boolean'), default: z.boolean(), description: z.string().optional() }),
]);
export type ParamSpecDto = z.infer<typeof paramSpecSchema>;

export const strategyInfoSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  timeframe: z.enum(TIMEFRAMES),
  params: z.array(paramSpecSchema),
  /** Its family (the Bots tab groups by it); absent: stock. */
  family: strategyFamily.optional(),
  /** The fewest symbols it trades (a cross-section or a pair needs several). */
  minSymbols: z.number().int().positive().optional(),
});
export type StrategyInfoDto = z.infer<typeof strategyInfoSchema>;

/** Where the bars come from: a Yahoo-format CSV file the host can read, or a symbol in the history store. */
export const dataSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1).max(4096), symbol: z.string().max(32).optional() }),
  z.strictObject({ kind: z.literal('symbol'), symbol: z.string().min(1).max(32), timeframe: z.enum(TIMEFRAMES).default('1Day') }),
]);

export const fillModelInputSchema = z.strictObject({
  marketFill: z.enum(['next-open', 'close']).default('next-open'),
  slippage: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('fixed-bps'), bps: z.number() }),
      z.strictObject({ kind: z.literal('volume-share'), impact: z.number(), maxShare: z.number() }),
    ])
    .default({ kind: 'none' }),
  commission: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('none') }),
      z.strictObject({ kind: z.literal('per-share'), perShare: z.number(), minPerOrder: z.number().optional() }),
      z.strictObject({ kind: z.literal('per-order'), perOrder: z.number() }),
      z.strictObject({ kind: z.literal('percent'), percent: z.number() }),
    ])
    .default({ kind: 'none' }),
  regulatoryFees: z.boolean().default(false),
});

export const accountInputSchema = z.strictObject({
  cash: z.number().positive().default(100_000),
  leverage: z.number().min(1).max(10).default(1),
  allowShort: z.boolean().default(false),
});

const YMD = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const runBase = {
  /** Chosen by the caller so it can match progress events to its call. */
  jobId,
  strategy: strategyName,
  params: params.default({}),
  data: dataSourceSchema,
  from: YMD.optional(),
  to: YMD.optional(),
  fill: fillModelInputSchema.default({ marketFill: 'next-open', slippage: { kind: 'none' }, commission: { kind: 'none' }, regulatoryFees: false }),
  account: accountInputSchema.default({ cash: 100_000, leverage: 1, allowShort: false }),
};

export const runRequestSchema = z.strictObject({
  ...runBase,
  /** Protections of the run (cooldown, stop-loss guard, max drawdown, low profit); absent: none. */
  protections: protectionSettingsSchema.optional(),
  save: z.boolean().default(false),
  label: z.string().max(200).optional(),
});
export type RunRequest = z.input<typeof runRequestSchema>;

export const metricsSchema = z.strictObject({
  startValue: z.number(),
  endValue: z.number(),
  totalReturn: z.number(),
  cagr: z.number().nullable(),
  volatility: z.number(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  calmar: z.number().nullable(),
  maxDrawdown: z.number(),
  maxDrawdownBars: z.number(),
  closedTrades: z.number(),
  winRate: z.number().nullable(),
  profitFactor: z.number().nullable(),
  expectancy: z.number().nullable(),
  exposure: z.number(),
  turnover: z.number(),
  commissions: z.number(),
});
export type MetricsDto = z.infer<typeof metricsSchema>;

export const tradeSchema = z.strictObject({
  symbol: z.string(),
  direction: z.enum(['long', 'short']),
  entryTime: z.number(),
  exitTime: z.number(),
  qty: z.number(),
  entryPrice: z.number(),
  exitPrice: z.number(),
  pnl: z.number(),
  returnPct: z.number(),
  commission: z.number(),
  bars: z.number(),
});
export type TradeDto = z.infer<typeof tradeSchema>;

/** The equity curve as two columns (one object per point would double the message for nothing). */
export const equitySchema = z.strictObject({ t: z.array(z.number()), value: z.array(z.number()) });

export const runSummarySchema = z.strictObject({
  id: z.number().int().nullable(),
  createdAt: z.number().nullable(),
  strategy: z.string(),
  params: params,
  symbols: z.array(z.string()),
  from: z.number(),
  to: z.number(),
  bars: z.number(),
  finalValue: z.number(),
  metrics: metricsSchema,
  label: z.string().nullable(),
});
export type RunSummaryDto = z.infer<typeof runSummarySchema>;

export const runResultSchema = z.strictObject({
  summary: runSummarySchema,
  fillModel: z.unknown(),
  equity: equitySchema,
  trades: z.array(tradeSchema),
  fills: z.number().int(),
  cancelled: z.boolean(),
  /** Why it traded and why not: the newest decisions (at most 500), counts of all by code, and its protection locks. */
  decisions: z.array(decisionSchema).optional(),
  decisionCounts: z.record(z.string(), z.number()).optional(),
  locks: z.array(protectionLockSchema).optional(),
});
export type RunResultDto = z.infer<typeof runResultSchema>;

export const optimizeRequestSchema = z.strictObject({
  ...runBase,
  /** Values to try per parameter; parameters not named keep `params` (or their defaults). */
  grid: z.record(z.string().max(64), z.array(paramValue).min(1).max(1000)),
  objective: z.enum(['sharpe', 'sortino', 'calmar', 'totalReturn', 'cagr', 'profitFactor', 'expectancy']).default('sharpe'),
  /** Two parameters for the stability heatmap (default: the first two of the grid). */
  heatmap: z.tuple([z.string(), z.string()]).optional(),
  workers: z.number().int().min(1).max(64).optional(),
  /** With this, a walk-forward analysis instead of one sweep over all the data. */
  walkForward: z.strictObject({ inSample: z.number().int().min(2), outOfSample: z.number().int().min(1), anchored: z.boolean().default(false) }).optional(),
  /** Run on the workers of this Redis queue (src-main/distributed) instead of this machine's threads. */
  queue: queueUrlSchema.optional(),
  /**
   * grid: every combination of the values; pso (particle swarm) and anneal (simulated annealing): each grid parameter
   * searched between its smallest and largest value, `population` combinations a round for `iterations` rounds.
   */
  method: z.enum(['grid', 'pso', 'anneal']).default('grid'),
  iterations: z.number().int().min(1).max(500).optional(),
  population: z.number().int().min(2).max(256).optional(),
  seed: z.number().int().min(0).max(2_147_483_647).optional(),
});
export type OptimizeRequest = z.input<typeof optimizeRequestSchema>;

export const heatmapSchema = z.strictObject({
  x: z.strictObject({ name: z.string(), values: z.array(paramValue) }),
  y: z.strictObject({ name: z.string(), values: z.array(paramValue) }),
  metric: z.string(),
  cells: z.array(z.array(z.number().nullable())),
});

export const optimizeResultSchema = z.strictObject({
  objective: z.string(),
  combinations: z.number().int(),
  evaluated: z.number().int(),
  cancelled: z.boolean(),
  best: z.strictObject({ params: params, metrics: metricsSchema, finalValue: z.number() }).nullable(),
  /** The best combinations first (at most 200). */
  top: z.array(z.strictObject({ params: params, metrics: metricsSchema, finalValue: z.number() })),
  heatmap: heatmapSchema.nullable(),
  /** The winner's deflated Sharpe ratio for the combinations tried, and the CSCV probability of backtest overfitting. */
  overfitting: z
    .strictObject({
      trials: z.number().int(),
      sharpe: z.number().nullable(),
      expectedMaxSharpe: z.number(),
      deflatedSharpe: z.number().nullable(),
      pbo: z.number().nullable(),
      blocks: z.number().int(),
      splits: z.number().int(),
    })
    .nullable(),
  walkForward: z
    .strictObject({
      mode: z.enum(['rolling', 'anchored']),
      windows: z.array(z.strictObject({ inSample: z.strictObject({ from: z.number(), to: z.number() }), outOfSample: z.strictObject({ from: z.number(), to: z.number() }), best: params, inSampleScore: z.number().nullable(), oosReturn: z.number(), oosTrades: z.number() })),
      equity: equitySchema,
      metrics: metricsSchema,
    })
    .nullable(),
  seconds: z.number(),
});
export type OptimizeResultDto = z.infer<typeof optimizeResultSchema>;

export const progressEventSchema = z.strictObject({
  jobId: z.string(),
  phase: z.enum(['loading', 'running', 'optimizing', 'walk-forward', 'saving', 'done']),
  done: z.number(),
  total: z.number(),
});
export type BacktestProgress = z.infer<typeof progressEventSchema>;

export const storedRunSchema = z.strictObject({
  summary: runSummarySchema,
  equity: equitySchema,
  trades: z.array(tradeSchema),
});

export const compareResponseSchema = z.strictObject({
  runs: z.array(runSummarySchema),
  rows: z.array(z.strictObject({ metric: z.string(), values: z.array(z.number().nullable()) })),
});

/**
 * A CSV file uploaded from the GUI, in parts: one WebSocket frame is limited (1 MiB), so the renderer sends the
 * file's text in pieces of at most UPLOAD_PART_CHARS characters, in order, then asks for the import.
 */
export const UPLOAD_PART_CHARS = 256 * 1024;
/** The most a pending upload may hold (characters); larger files go through `workstation import`. */
export const UPLOAD_MAX_CHARS = 64 * 1024 * 1024;
const uploadId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');

export const uploadCsvPartRequestSchema = z.strictObject({
  uploadId,
  /** 0 for the first part; parts arrive in order. */
  part: z.number().int().min(0).max(UPLOAD_MAX_CHARS / UPLOAD_PART_CHARS),
  text: z.string().max(UPLOAD_PART_CHARS),
});
export const uploadCsvPartResponseSchema = z.strictObject({ parts: z.number().int(), chars: z.number().int() });

export const importCsvRequestSchema = z.strictObject({
  jobId,
  uploadId,
  /** The file's name as the trader chose it: errors name it with the line. */
  fileName: z.string().min(1).max(255),
  symbol: z.string().min(1).max(32),
  /** Omitted: inferred from the spacing of the rows. */
  timeframe: z.enum(TIMEFRAMES).optional(),
  /** The IANA zone of timestamps written without one (default UTC). */
  zone: z.string().min(1).max(64).optional(),
});
export type ImportCsvRequest = z.input<typeof importCsvRequestSchema>;

export const importCsvResultSchema = z.strictObject({
  fileName: z.string(),
  symbol: z.string(),
  timeframe: z.enum(TIMEFRAMES),
  timeframeInferred: z.boolean(),
  assumedZone: z.string().nullable(),
  bars: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** The series as stored after the import (this file and anything stored before). */
  storedBars: z.number().int(),
  from: z.number().nullable(),
  to: z.number().nullable(),
});
export type ImportCsvResultDto = z.infer<typeof importCsvResultSchema>;

/** Monte Carlo on a finished run's closed trades (their net P&L in order), in a worker thread. */
export const monteCarloRequestSchema = z.strictObject({
  jobId,
  pnls: z.array(z.number().finite()).min(1).max(1_000_000),
  startValue: z.number().positive(),
  runs: z.number().int().min(10).max(100_000).default(5_000),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  method: z.enum(['bootstrap', 'shuffle']).default('bootstrap'),
  /** The loss whose probability is reported, as a fraction (0.2 = losing 20 % or more). */
  loss: z.number().min(0).max(1).default(0.2),
});
export type MonteCarloRequest = z.input<typeof monteCarloRequestSchema>;

const distributionSchema = z.strictObject({ mean: z.number(), p5: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p95: z.number() });
/** Counts of runs per equal-width bin of a value, from `from` in steps of `width`. */
const histogramSchema = z.strictObject({ from: z.number(), width: z.number(), counts: z.array(z.number().int()) });

export const monteCarloResultSchema = z.strictObject({
  runs: z.number().int(),
  trades: z.number().int(),
  method: z.enum(['bootstrap', 'shuffle']),
  finalReturn: distributionSchema,
  maxDrawdown: distributionSchema,
  probabilityOfLoss: z.number(),
  loss: z.number(),
  finalReturnHistogram: histogramSchema,
  maxDrawdownHistogram: histogramSchema,
});
export type MonteCarloResultDto = z.infer<typeof monteCarloResultSchema>;
