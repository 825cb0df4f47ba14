import { CodedError } from '../../../src-shared/ipc/errors.js';
import { subset, type Dataset } from '../dataset.js';
import { seededRandom, shuffled } from '../random.js';
import { trainForest, type ForestParams } from '../trees/forest.js';
import { trainGbdt, type GbdtParams, type Objective, type TrainProgress } from '../trees/gbdt.js';
import { normaliseImportance, predictMany, type TreeEnsembleJson } from '../trees/tree-model.js';
import { classificationMetrics, regressionMetrics, type ClassificationMetrics, type RegressionMetrics } from './metrics.js';
import { purgedFolds, purgedValidationSplit } from './purged-cv.js';

/**
 * Training and honest evaluation of one model spec on one dataset: purged walk-forward folds scored out of sample,
 * then a final model on every row. With `permuteLabels` each training set's labels are shuffled (the test labels are
 * not): a control that must score like a coin, which shows the pipeline does not leak the answer.
 */
export const MODEL_KINDS = ['gbdt', 'forest'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface TrainSpec {
  model: ModelKind;
  objective: Objective;
  gbdt?: Partial<GbdtParams>;
  forest?: Partial<ForestParams>;
  folds: number;
  embargo: number;
  permuteLabels: boolean;
  seed: number;
  /** Tail of each training set held out for early stopping (boosting only). */
  validFraction: number;
}

export const TRAIN_DEFAULTS: Omit<TrainSpec, 'model' | 'objective'> = { folds: 5, embargo: 0.01, permuteLabels: false, seed: 1, validFraction: 0.2 };

export type Metrics = ClassificationMetrics | RegressionMetrics;

export interface FoldReport {
  fold: number;
  trainRows: number;
  testRows: number;
  purged: number;
  embargoed: number;
  testStart: number;
  testEnd: number;
  /** Trees kept (boosting: the early-stopping round). */
  trees: number;
  metrics: Metrics;
}

export interface EvaluationReport {
  folds: FoldReport[];
  /** Every fold's test rows scored together. */
  oos: Metrics;
  /**
   * Each metric averaged over the folds. Pooled AUC mixes folds whose base rates differ (a model that learned one
   * period's base rate ranks another's rows by period), so it can sit below every fold's own AUC; both are shown.
   */
  foldMean: Record<string, number>;
  permuted: boolean;
  /** Out-of-sample prediction per dataset row (NaN for rows never tested: the first block). */
  predictions: Float64Array;
}

export interface TrainedModel {
  model: TreeEnsembleJson;
  /** Share of split gain per feature, in dataset column order. */
  importance: number[];
  trees: number;
}

export interface Progress {
  phase: 'fold' | 'final';
  fold: number;
  folds: number;
  round: number;
  rounds: number;
}

export interface Hooks {
  progress?(p: Progress): void;
  /** Checked every round; true stops training with a CANCELLED error. */
  cancelled?(): boolean;
}

export function trainOnRows(ds: Dataset, rows: Int32Array, spec: TrainSpec, hooks: Hooks = {}, at: Omit<Progress, 'round' | 'rounds'> = { phase: 'final', fold: 0, folds: 0 }): TrainedModel {
  const f = ds.names.length;
  const onRound = (p: TrainProgress) => {
    if (hooks.cancelled?.()) throw new CodedError('CANCELLED', 'training was cancelled');
    hooks.progress?.({ ...at, round: p.round, rounds: p.of });
  };
  const rand = seededRandom(spec.seed + 7919 * (at.fold + 1));
  const labels = (part: Dataset) => (spec.permuteLabels ? { ...part, y: shuffled(part.y, rand) } : part);
  if (spec.model === 'forest') {
    const part = labels(subset(ds, rows));
    const r = trainForest(part, f, { seed: spec.seed, ...spec.forest, classification: spec.objective === 'logloss' }, onRound);
    return { model: r.model, importance: normaliseImportance(r.gains), trees: r.model.trees.length };
  }
  const { fit, valid } = purgedValidationSplit(rows, ds.start, ds.end, spec.validFraction);
  const fitPart = labels(subset(ds, fit));
  const validPart = valid.length > 0 ? labels(subset(ds, valid)) : undefined;
  const r = trainGbdt(fitPart, f, { seed: spec.seed, ...spec.gbdt, objective: spec.objective }, validPart, onRound);
  return { model: r.model, importance: normaliseImportance(r.gains), trees: r.bestRound };
}

export function score(objective: Objective, y: ArrayLike<number>, p: ArrayLike<number>): Metrics {
  return objective === 'logloss' ? classificationMetrics(y, p) : regressionMetrics(y, p);
}

export function evaluate(ds: Dataset, spec: TrainSpec, hooks: Hooks = {}): EvaluationReport {
  const folds = purgedFolds(ds.start, ds.end, { folds: spec.folds, embargo: spec.embargo, mode: 'walk-forward' });
  const predictions = new Float64Array(ds.rows).fill(NaN);
  const reports: FoldReport[] = [];
  for (const fold of folds) {
    if (fold.train.length < 20) throw new CodedError('BAD_REQUEST', `fold ${fold.index + 1} has only ${fold.train.length} training rows after purging; use fewer folds or more data`);
    const trained = trainOnRows(ds, fold.train, spec, hooks, { phase: 'fold', fold: fold.index + 1, folds: folds.length });
    const test = subset(ds, fold.test);
    const p = predictMany(trained.model, test.x, test.rows);
    fold.test.forEach((row, k) => (predictions[row] = p[k]!));
    reports.push({
      fold: fold.index + 1, trainRows: fold.train.length, testRows: fold.test.length, purged: fold.purged, embargoed: fold.embargoed,
      testStart: fold.testStart, testEnd: fold.testEnd, trees: trained.trees, metrics: score(spec.objective, test.y, p),
    });
  }
  const tested = Array.from(predictions.keys()).filter((i) => predictions[i] === predictions[i]);
  const oos = score(spec.objective, tested.map((i) => ds.y[i]!), tested.map((i) => predictions[i]!));
  const foldMean: Record<string, number> = {};
  for (const key of Object.keys(oos)) {
    const values = reports.map((r) => (r.metrics as unknown as Record<string, number>)[key]!).filter(Number.isFinite);
    if (values.length > 0) foldMean[key] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  return { folds: reports, oos, foldMean, permuted: spec.permuteLabels, predictions };
}
