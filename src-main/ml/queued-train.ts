import { z } from 'zod';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { MarketData } from '../backtest/market-data.js';
import { registerJobKind } from '../distributed/handlers.js';
import { runOnQueue } from '../distributed/producer.js';
import { dataRefSchema } from '../distributed/protocol.js';
import type { QueueTarget } from '../distributed/queued-research.js';
import type { Dataset, LabelSpec } from './dataset.js';
import { evaluateAsync, evaluationFolds, isNetworkKind, MODEL_KINDS, type EvaluationReport, type TrainSpec } from './eval/train-model.js';
import { FEATURE_SETS } from './features/feature-sets.js';
import { LABEL_KINDS } from './labels.js';
import { netParams } from './nets/train-network.js';
import { sequenceDataset } from './nets/sequences.js';
import { dataRef, datasetOf } from './queued-search.js';
import { fitFoldInWorker } from './train-client.js';

/**
 * `ml train --queue`: each fold of the purged walk-forward evaluation is one job, fitted on a worker's ML training
 * thread with the same code as a local evaluation (train-worker.ts runFold). The producer puts the folds' test
 * predictions together with the local summary code, so the report is the local one to the last digit; the final
 * fit on every row runs locally meanwhile. The bars travel as a search's do: inline in Redis by hash, or as a
 * catalog range each worker reads.
 */
export const TRAIN_FOLD_JOB = 'ml-train-fold';

export const trainFoldPayload = z.strictObject({
  data: dataRefSchema,
  featureSet: z.enum(FEATURE_SETS),
  label: z.strictObject({ kind: z.enum(LABEL_KINDS), horizon: z.number().int().min(1).max(100_000) }),
  /** The run's TrainSpec (the parameter groups pass through to the trainers as the local run passes them). */
  spec: z.looseObject({
    model: z.enum(MODEL_KINDS),
    objective: z.enum(['logloss', 'l2']),
    folds: z.number().int().min(2).max(1_000),
    embargo: z.number().min(0).max(1),
    permuteLabels: z.boolean(),
    seed: z.number().int(),
    validFraction: z.number().min(0).max(1),
  }),
  /** 0-based. */
  fold: z.number().int().min(0),
});

/** A fold's answer: its test rows' predictions in test-row order, and the trees (or epochs) kept. */
interface FoldAnswer {
  p: number[];
  trees: number;
}

registerJobKind(TRAIN_FOLD_JOB, async (raw, context): Promise<FoldAnswer | undefined> => {
  const job = trainFoldPayload.parse(raw);
  const data = await context.data(job.data);
  const label: LabelSpec = { kind: job.label.kind, horizon: job.label.horizon };
  const ds = datasetOf(`${job.data.sha256}|${job.featureSet}|${label.kind}|${label.horizon}`, data, job.featureSet, label);
  try {
    const fit = await fitFoldInWorker(ds, job.spec as TrainSpec, job.fold, { signal: context.signal });
    // MessagePack carries each float64 with its bits (distributed/codec.ts).
    return { p: Array.from(fit.p), trees: fit.trees };
  } catch (error) {
    if (context.signal.aborted) return undefined;
    throw error;
  }
});

export interface QueuedEvaluationOptions {
  queue: QueueTarget;
  data: MarketData;
  featureSet: string;
  label: LabelSpec;
  /** The dataset the producer built from `data` (the workers build the same one from the same bars). */
  dataset: Dataset;
  spec: TrainSpec;
  signal?: AbortSignal;
  /** Each fold as it arrives (1-based, in arrival order). */
  onFold?: (fold: number, done: number, total: number) => void;
}

/** The purged walk-forward evaluation with every fold fitted on the queue; equal to the local evaluation. */
export async function queuedEvaluation(options: QueuedEvaluationOptions): Promise<EvaluationReport> {
  const { spec } = options;
  // A network's rows are those with a full window (as the training worker evaluates it).
  const rows = isNetworkKind(spec.model) ? sequenceDataset(options.dataset, netParams(spec).steps).ds : options.dataset;
  const folds = evaluationFolds(rows, spec);
  const { ref, datasets } = dataRef(options.data, options.queue);
  const label = { kind: options.label.kind, horizon: options.label.horizon };
  const run = await runOnQueue({
    address: options.queue.address,
    label: 'ml train',
    jobs: folds.map((fold) => ({ kind: TRAIN_FOLD_JOB, payload: { data: ref, featureSet: options.featureSet, label, spec, fold: fold.index } })),
    datasets,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.queue.onQueued ? { onQueued: options.queue.onQueued } : {}),
    ...(options.queue.outageMs !== undefined ? { outageMs: options.queue.outageMs } : {}),
    onResult: (index, _value, done, total) => options.onFold?.(index + 1, done, total),
  });
  if (run.cancelled) throw new CodedError('CANCELLED', `training cancelled with ${run.results.size} of ${folds.length} folds evaluated; nothing was written`);
  return evaluateAsync(rows, spec, async (fold) => {
    const answer = run.results.get(fold.index) as FoldAnswer | undefined;
    if (!answer) throw new CodedError('INTERNAL', `fold ${fold.index + 1} came back without a result`);
    if (answer.p.length !== fold.test.length) {
      throw new CodedError('INTERNAL', `fold ${fold.index + 1} came back with ${answer.p.length} predictions for ${fold.test.length} test rows: the worker built other rows (is it running another version?)`);
    }
    return { p: Float64Array.from(answer.p), trees: answer.trees };
  });
}
