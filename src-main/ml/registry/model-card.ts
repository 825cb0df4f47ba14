import { z } from 'zod';

/**
 * card.json beside each model.onnx: what the model reads (feature set and names, in input order), what it
 * predicts (label and horizon), what it was trained on (symbols, window, rows, a hash of the data), how it scored
 * (purged walk-forward folds and out of sample), the libraries that made it, and the dissimilarity reference. A
 * card is validated whenever it is read, so a hand-edited or truncated card is refused with the field named.
 */
const metricsSchema = z.record(z.string(), z.number().nullable());

export const modelCardSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'a model name is letters, digits, dot, dash or underscore (64 at most)'),
  version: z.number().int().positive(),
  created: z.string(),
  algorithm: z.enum(['gbdt', 'forest', 'lstm', 'transformer', 'ensemble']),
  /** Feature rows one prediction reads, oldest first (networks read a window; absent: 1, one row). */
  input: z.object({ steps: z.number().int().positive() }).optional(),
  /** An ensemble's members (averaged), by algorithm. */
  members: z.array(z.string()).optional(),
  objective: z.enum(['logloss', 'l2']),
  /** What the ONNX output `prediction` holds. */
  output: z.enum(['probability', 'value']),
  timeframe: z.string(),
  featureSet: z.string(),
  /** Each input with its lookback in bars, and (news features) what its value is where its input is absent. */
  features: z.array(z.object({ name: z.string(), lookback: z.number().int().nonnegative(), missing: z.string().optional() })),
  label: z.object({ kind: z.enum(['direction', 'return', 'triple-barrier']), horizon: z.number().int().positive() }),
  training: z.object({
    symbols: z.array(z.string()),
    from: z.string(),
    to: z.string(),
    rows: z.number().int().nonnegative(),
    dataHash: z.string(),
    permutedLabels: z.boolean(),
    params: z.record(z.string(), z.unknown()),
  }),
  evaluation: z
    .object({
      method: z.string(),
      folds: z.array(z.object({ fold: z.number(), trainRows: z.number(), testRows: z.number(), purged: z.number(), embargoed: z.number(), from: z.string(), to: z.string(), trees: z.number(), metrics: metricsSchema })),
      oos: metricsSchema,
      /** Each metric averaged over the folds (absent on cards written before it was recorded). */
      foldMean: metricsSchema.optional(),
      /** Out-of-sample reliability: predictions cut into ten equal bins, each bin's mean prediction and observed rate. */
      calibration: z.array(z.object({ from: z.number(), to: z.number(), rows: z.number().int(), predicted: z.number().nullable(), observed: z.number().nullable() })).optional(),
    })
    .nullable(),
  importance: z.array(z.object({ feature: z.string(), share: z.number() })),
  /** How importance was measured: split gain for trees, permutation (log-loss rise) for networks. */
  importanceMethod: z.enum(['split gain', 'permutation']).optional(),
  libraries: z.record(z.string(), z.string()),
  dissimilarity: z.object({
    mean: z.array(z.number()),
    std: z.array(z.number()),
    reference: z.array(z.number()),
    rows: z.number().int(),
    meanDistance: z.number(),
    threshold: z.number(),
  }),
});

export type ModelCard = z.infer<typeof modelCardSchema>;
