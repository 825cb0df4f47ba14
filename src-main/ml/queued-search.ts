import { z } from 'zod';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { MarketData } from '../backtest/market-data.js';
import { encodeDataset } from '../distributed/dataset.js';
import { registerJobKind } from '../distributed/handlers.js';
import { runOnQueue } from '../distributed/producer.js';
import { dataRefSchema, type DataRef } from '../distributed/protocol.js';
import type { QueueTarget } from '../distributed/queued-research.js';
import { barSeries } from './bar-series.js';
import { buildDataset, type Dataset, type LabelSpec } from './dataset.js';
import { searchGbdt, searchSpace, type SearchResult } from './eval/search.js';
import type { EvaluationReport, TrainSpec } from './eval/train-model.js';
import { featureSet, FEATURE_SETS } from './features/feature-sets.js';
import { evaluateInWorker } from './train-client.js';

/**
 * `ml search --queue`: each trial of the hyperparameter search is one job (its purged walk-forward evaluation, on
 * the worker's ML training thread). The producer draws the trials' settings with the same seed as the local
 * search and feeds the workers' scores back through the same search code, so the report is the local one.
 * The bars travel as the optimisations' do: inline in Redis by hash, or as a catalog range each worker reads.
 */
export const SEARCH_TRIAL_JOB = 'ml-search-trial';

export const searchTrialPayload = z.strictObject({
  data: dataRefSchema,
  featureSet: z.enum(FEATURE_SETS),
  label: z.strictObject({ kind: z.enum(['direction', 'triple-barrier']), horizon: z.number().int().min(1).max(100_000) }),
  /** The search's TrainSpec with this trial's boosted-tree settings (fields a newer producer adds pass through). */
  spec: z.looseObject({
    model: z.literal('gbdt'),
    objective: z.literal('logloss'),
    gbdt: z.record(z.string().max(64), z.number()),
    folds: z.number().int().min(2).max(1_000),
    embargo: z.number().min(0).max(1),
    permuteLabels: z.boolean(),
    seed: z.number().int(),
    validFraction: z.number().min(0).max(1),
  }),
  trial: z.number().int().min(1),
});

/** What a trial's job answers: the evaluation without its per-row predictions (the search reads the scores). */
export type TrialResult = Pick<EvaluationReport, 'oos' | 'foldMean' | 'folds' | 'permuted'>;

// A run's trials (or folds) share one dataset: a worker builds it once per bars, feature set and label (the last two kept).
const built = new Map<string, Dataset>();
export function datasetOf(key: string, data: MarketData, set: string, label: LabelSpec): Dataset {
  let ds = built.get(key);
  if (!ds) {
    ds = buildDataset(barSeries(data), featureSet(set), label);
    built.set(key, ds);
    while (built.size > 2) built.delete(built.keys().next().value!);
  }
  return ds;
}

registerJobKind(SEARCH_TRIAL_JOB, async (raw, context): Promise<TrialResult | undefined> => {
  const job = searchTrialPayload.parse(raw);
  const data = await context.data(job.data);
  const label: LabelSpec = { kind: job.label.kind, horizon: job.label.horizon };
  const ds = datasetOf(`${job.data.sha256}|${job.featureSet}|${label.kind}|${label.horizon}`, data, job.featureSet, label);
  try {
    const e = await evaluateInWorker(ds, job.spec as TrainSpec, { signal: context.signal });
    return { oos: e.oos, foldMean: e.foldMean, folds: e.folds, permuted: e.permuted };
  } catch (error) {
    if (context.signal.aborted) return undefined;
    throw error;
  }
});

export interface QueuedSearchOptions {
  queue: QueueTarget;
  data: MarketData;
  featureSet: string;
  label: LabelSpec;
  /** The search's base spec (trainSpecOf with model gbdt); each trial adds its settings under `gbdt`. */
  base: TrainSpec;
  trials: number;
  signal?: AbortSignal;
  /** Each trial's score as it arrives (in arrival order). */
  onTrial?: (trial: number, auc: number | undefined, done: number, total: number) => void;
}

/** The bars as jobs name them: a catalog range (with the hash of what the producer read), or a dataset in Redis. */
export function dataRef(data: MarketData, queue: QueueTarget): { ref: DataRef; datasets: Array<{ sha256: string; text: string }> } {
  const dataset = encodeDataset(data);
  if (queue.catalog) return { ref: { kind: 'catalog', ...queue.catalog, sha256: dataset.sha256 }, datasets: [] };
  return { ref: { kind: 'redis', sha256: dataset.sha256 }, datasets: [dataset] };
}

/** searchGbdt with every trial evaluated on the queue; the result equals the local search's. */
export async function queuedSearch(options: QueuedSearchOptions): Promise<SearchResult> {
  if (options.label.kind === 'return') throw new CodedError('BAD_REQUEST', 'a search ranks by AUC: use a direction or triple-barrier label');
  const { ref, datasets } = dataRef(options.data, options.queue);
  const settings = searchSpace(options.trials, options.base.seed);
  const run = await runOnQueue({
    address: options.queue.address,
    label: 'ml search',
    jobs: settings.map((gbdt, k) => ({
      kind: SEARCH_TRIAL_JOB,
      payload: { data: ref, featureSet: options.featureSet, label: { kind: options.label.kind, horizon: options.label.horizon }, spec: { ...options.base, gbdt }, trial: k + 1 },
    })),
    datasets,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.queue.onQueued ? { onQueued: options.queue.onQueued } : {}),
    ...(options.queue.outageMs !== undefined ? { outageMs: options.queue.outageMs } : {}),
    onResult: (index, value, done, total) => options.onTrial?.(index + 1, ((value as TrialResult).oos as { auc?: number }).auc, done, total),
  });
  if (run.cancelled) throw new CodedError('CANCELLED', `search cancelled with ${run.results.size} of ${options.trials} trials done; nothing was written`);
  return searchGbdt(options.trials, options.base.seed, async (_params, trial) => {
    const r = run.results.get(trial - 1) as TrialResult | undefined;
    if (!r) throw new CodedError('INTERNAL', `trial ${trial} came back without a result`);
    return { ...r, predictions: new Float64Array(0) };
  });
}
