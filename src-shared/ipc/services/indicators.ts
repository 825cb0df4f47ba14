import { z } from 'zod';
import { TIMEFRAMES } from '../../domain/bar.js';

/**
 * Schemas of the `indicators` service: the registry's metadata (what the GUI offers and how it draws each
 * indicator) and computing one indicator over bars the caller sends or over a symbol's history.
 */

const indicatorId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be an indicator id such as rsi or bollinger');

export const indicatorParamSpec = z.strictObject({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['int', 'float']),
  default: z.number(),
  min: z.number(),
  max: z.number(),
  step: z.number(),
});

export const indicatorMetaSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  params: z.array(indicatorParamSpec),
  inputs: z.enum(['close', 'hlc', 'hlcv', 'pair']),
  outputs: z.array(z.string()),
  pane: z.enum(['overlay', 'sub']),
  levels: z.array(z.number()).optional(),
});
export type IndicatorMetaDto = z.infer<typeof indicatorMetaSchema>;

export const indicatorListResponse = z.strictObject({ indicators: z.array(indicatorMetaSchema) });

const computeBar = z.strictObject({
  t: z.number().int().nonnegative(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number().nonnegative(),
});

const symbol = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'must be a ticker such as AAPL or BRK.B');

/**
 * Either `bars` (computed as sent) or `symbol` + `timeframe` (main reads the history through marketData.bars).
 * Pair indicators (correlation, beta) also need `benchmarkSymbol`, or `benchmarkBars` aligned with `bars`.
 */
export const indicatorComputeRequest = z
  .strictObject({
    indicator: indicatorId,
    params: z.record(z.string(), z.number()).optional(),
    bars: z.array(computeBar).max(100_000).optional(),
    benchmarkBars: z.array(computeBar).max(100_000).optional(),
    symbol: symbol.optional(),
    benchmarkSymbol: symbol.optional(),
    timeframe: z.enum(TIMEFRAMES).optional(),
    limit: z.number().int().min(1).max(50_000).optional(),
  })
  .refine((r) => (r.bars !== undefined) !== (r.symbol !== undefined && r.timeframe !== undefined), {
    message: 'send either bars, or symbol and timeframe',
  });
export type IndicatorComputeRequest = z.infer<typeof indicatorComputeRequest>;

/** One value per bar, aligned with `t`; null where the indicator is not warm yet (NaN does not cross as JSON). */
export const indicatorComputeResponse = z.strictObject({
  indicator: z.string(),
  params: z.record(z.string(), z.number()),
  t: z.array(z.number()),
  outputs: z.record(z.string(), z.array(z.number().nullable())),
});
export type IndicatorComputeResponse = z.infer<typeof indicatorComputeResponse>;
