import { z } from 'zod';
import { accountModel, fillModel } from '../backtest/fill-model.js';
import { OBJECTIVES } from '../backtest/optimize/evaluate.js';

/**
 * What a job carries. No credentials and no paths of the producer's machine: the strategy by name, its parameters,
 * the fill and account models, and a reference to the bars (a dataset in Redis by hash, or a catalog URI that the
 * worker reads with its own credentials).
 */
export const comboSchema = z.record(z.string().max(64), z.union([z.number(), z.string().max(200), z.boolean()]));

export const dataRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('redis'), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Read by the worker from the Parquet catalog (src-main/catalog), with the worker's own S3 credentials. */
  z.strictObject({
    kind: z.literal('catalog'),
    uri: z.string().min(1).max(1000),
    symbols: z.array(z.string().min(1).max(32)).min(1).max(1000),
    timeframe: z.string().min(1).max(16),
    from: z.number().optional(),
    to: z.number().optional(),
    /** Where the bucket is served (not a credential): the producer's --s3-endpoint; else the worker's own setting. */
    s3Endpoint: z.string().max(500).optional(),
    s3Region: z.string().max(64).optional(),
    /** The SHA-256 of the bars as the producer read them (dataset.ts's encoding): a worker reading others refuses. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
]);
export type DataRef = z.infer<typeof dataRefSchema>;

const common = {
  strategy: z.string().min(1).max(64),
  data: dataRefSchema,
  fill: fillModel,
  account: accountModel,
};

export const sweepChunkPayload = z.strictObject({
  ...common,
  /** The run's index of the chunk's first combination. */
  offset: z.number().int().min(0),
  combos: z.array(comboSchema).min(1).max(100_000),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  /** Per-block return sums for the overfitting checks (optimize's CSCV), over this many blocks. */
  blocks: z.number().int().min(2).max(20).optional(),
});

export const foldPayload = z.strictObject({
  ...common,
  combos: z.array(comboSchema).min(1).max(100_000),
  window: z.strictObject({ isFrom: z.number().int().min(0), oosFrom: z.number().int().min(1), oosTo: z.number().int().min(2) }),
  objective: z.enum(OBJECTIVES),
});

export const backtestPayload = z.strictObject({
  ...common,
  params: z.record(z.string().max(64), z.unknown()),
});

/** The job kinds this build runs; ML's cross-validation folds and searches register theirs (handlers.ts). */
export const BUILTIN_KINDS = ['sweep-chunk', 'walk-forward-fold', 'backtest'] as const;

/** Every job's envelope (BullMQ's job data). */
export const envelopeSchema = z.strictObject({
  runId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  index: z.number().int().min(0),
  kind: z.string().regex(/^[a-z0-9-]{1,64}$/),
  payload: z.unknown(),
});
export type JobEnvelope = z.infer<typeof envelopeSchema>;

/** A sweep chunk's answer: one entry per combination evaluated, indexed in the whole run. */
export interface SweepChunkResult {
  items: Array<{ index: number; metrics: Record<string, number | null>; finalValue: number; blocks?: number[] }>;
  barEvaluations: number;
}
