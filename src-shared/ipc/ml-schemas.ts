import { z } from 'zod';
import { marketSymbol, timeframe } from './market-data-schemas.js';

/**
 * The ML tab's IPC: the model registry with each card's folds, importance and calibration; training a model from
 * bars of the current mode's market data (in main's training worker, with progress events and cancel); and live
 * predictions for a list of symbols (onnxruntime in main's inference worker), each with its dissimilarity flag.
 */
export const ML_MODEL_KINDS = ['gbdt', 'forest', 'lstm', 'transformer', 'ensemble'] as const;
export const ML_LABEL_KINDS = ['direction', 'triple-barrier', 'return'] as const;
export const ML_FEATURE_SETS = ['basic', 'all', 'news'] as const;

const metrics = z.record(z.string(), z.number().nullable());

export const mlModelSummary = z.strictObject({
  /** `name@version`, what predict takes. */
  ref: z.string(),
  name: z.string(),
  version: z.number().int(),
  source: z.enum(['shipped', 'user']),
  algorithm: z.string(),
  members: z.array(z.string()).optional(),
  objective: z.string(),
  output: z.string(),
  timeframe: z.string(),
  featureSet: z.string(),
  features: z.array(z.string()),
  steps: z.number().int(),
  label: z.strictObject({ kind: z.string(), horizon: z.number().int() }),
  symbols: z.array(z.string()),
  from: z.string(),
  to: z.string(),
  rows: z.number().int(),
  permutedLabels: z.boolean(),
  created: z.string(),
  method: z.string().nullable(),
  oos: metrics.nullable(),
  foldMean: metrics.nullable(),
  folds: z.array(z.strictObject({ fold: z.number(), from: z.string(), to: z.string(), trainRows: z.number(), testRows: z.number(), purged: z.number(), embargoed: z.number(), metrics })),
  importance: z.array(z.strictObject({ feature: z.string(), share: z.number() })),
  importanceMethod: z.string(),
  calibration: z.array(z.strictObject({ from: z.number(), to: z.number(), rows: z.number().int(), predicted: z.number().nullable(), observed: z.number().nullable() })),
});
export type MlModelSummary = z.infer<typeof mlModelSummary>;

export const mlModelsResponse = z.strictObject({ models: z.array(mlModelSummary) });

export const mlTrainRequest = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'a model name is letters, digits, dot, dash or underscore (64 at most)'),
  symbols: z.array(marketSymbol).min(1).max(20),
  timeframe: timeframe.default('1Day'),
  /** Most recent bars per symbol to train on. */
  bars: z.number().int().min(300).max(20_000).default(2000),
  featureSet: z.enum(ML_FEATURE_SETS).default('basic'),
  model: z.enum(ML_MODEL_KINDS),
  label: z.enum(ML_LABEL_KINDS).default('direction'),
  horizon: z.number().int().min(1).max(60).default(5),
  folds: z.number().int().min(2).max(10).default(4),
  /** Boosting rounds or forest trees. */
  trees: z.number().int().min(1).max(2000).optional(),
  /** Networks: epochs and window length. */
  epochs: z.number().int().min(1).max(200).optional(),
  steps: z.number().int().min(2).max(128).optional(),
  /** Matches this call's progress events. */
  jobId: z.string().max(64).optional(),
});
export type MlTrainRequest = z.input<typeof mlTrainRequest>;

export const mlTrainResponse = z.strictObject({ model: mlModelSummary });

export const mlProgressEvent = z.strictObject({
  jobId: z.string().nullable(),
  phase: z.enum(['data', 'fold', 'final']),
  fold: z.number().int(),
  folds: z.number().int(),
  round: z.number().int(),
  rounds: z.number().int(),
});
export type MlProgressEvent = z.infer<typeof mlProgressEvent>;

export const mlPredictRequest = z.strictObject({
  model: z.string().min(1).max(80),
  symbols: z.array(marketSymbol).min(1).max(200),
});

export const mlPrediction = z.strictObject({
  symbol: z.string(),
  /** The bar the prediction is for (its features end there). */
  t: z.number(),
  /** The model's output: the up-probability (classifiers) or the predicted return. */
  value: z.number(),
  /** |p - 0.5| x 2 for a probability: 0 a coin, 1 certain. Null for a regressor. */
  confidence: z.number().nullable(),
  dissimilarity: z.number(),
  /** Unlike the training data: shown, never acted on. */
  flagged: z.boolean(),
});

export const mlPredictResponse = z.strictObject({
  model: z.string(),
  output: z.string(),
  /** The onnxruntime execution provider that ran the batch (cuda or cpu), and why not CUDA when it was not. */
  provider: z.string(),
  cudaUnavailable: z.string().optional(),
  ms: z.number(),
  predictions: z.array(mlPrediction),
  /** Symbols without a prediction, with why (too few bars, no data). */
  skipped: z.array(z.strictObject({ symbol: z.string(), reason: z.string() })),
});
export type MlPredictResponse = z.infer<typeof mlPredictResponse>;
