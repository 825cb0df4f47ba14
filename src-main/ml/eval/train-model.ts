import { CodedError } from '../../../src-shared/ipc/errors.js';
import { subset, type Dataset } from '../dataset.js';
import { seededRandom, shuffled } from '../random.js';
import { trainForest, type ForestParams } from '../trees/forest.js';
import { trainGbdt, type GbdtParams, type Objective, type TrainProgress } from '../trees/gbdt.js';
import type { NetParams } from '../nets/train-network.js';
import { predictWindows, type PredictorJson } from '../predictor.js';
import { normaliseImportance, type TreeEnsembleJson } from '../trees/tree-model.js';
import { classificationMetrics, regressionMetrics, type ClassificationMetrics, type RegressionMetrics } from './metrics.js';
import { purgedFolds, purgedValidationSplit, type Fold } from './purged-cv.js';

/**
 * Training and honest evaluation of one model spec on one dataset: purged walk-forward folds scored out of sample,
 * then a final model on every row. With `permuteLabels` each training set's labels are shuffled (the test labels are
 * not): a control that must score like a coin, which shows the pipeline does not leak the answer.
 */
export const MODEL_KINDS = ['gbdt', 'forest', 'lstm', 'transformer', 'ensemble'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
/** Kinds trained with tfjs on windows of feature rows (the others are trees on one row). */
export const NETWORK_KINDS = ['lstm', 'transformer'] as const;
export const isNetworkKind = (k: ModelKind): k is 'lstm' | 'transformer' => k === 'lstm' || k === 'transformer';

export interface TrainSpec {
  model: ModelKind;
  objective: Objective;
  gbdt?: Partial<GbdtParams>;
  forest?: Partial<ForestParams>;
  /** Networks (lstm, transformer): window length, width, epochs... */
  net?: Partial<NetParams>;
  folds: number;
  embargo: number;
  permuteLabels: boolean;
  seed: number;
  /** Tail of each training set held out for early stopping (boosting only). */
  validFraction: number;
  /** Threads that build boosted trees' histograms (default min(2, cores)); the model is the same for any count. */
  threads?: number;
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
  predictor: PredictorJson;
  /** The tree ensemble of a gbdt or forest model (absent for ensembles and networks). */
  model?: TreeEnsembleJson;
  /** Share of split gain (trees) or of permutation loss (networks) per feature, in dataset column order. */
  importance: number[];
  trees: number;
  /** The tfjs backend a network trained on. */
  backend?: string;
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
  if (spec.model === 'ensemble') {
    // boosted trees and a forest on the same rows, their probabilities (or values) averaged
    const members = [trainOnRows(ds, rows, { ...spec, model: 'gbdt' }, hooks, at), trainOnRows(ds, rows, { ...spec, model: 'forest' }, hooks, at)];
    const importance = members[0]!.importance.map((v, j) => (v + members[1]!.importance[j]!) / 2);
    return { predictor: { kind: 'average', members: members.map((m) => m.model!) }, importance, trees: members[0]!.trees + members[1]!.trees };
  }
  if (spec.model === 'lstm' || spec.model === 'transformer') throw new CodedError('BAD_REQUEST', `${spec.model} is a network: it trains on windows (trainNetworkOnRows), not here`);
  if (spec.model === 'forest') {
    const part = labels(subset(ds, rows));
    const r = trainForest(part, f, { seed: spec.seed, ...spec.forest, classification: spec.objective === 'logloss' }, onRound);
    return { predictor: { kind: 'trees', trees: r.model }, model: r.model, importance: normaliseImportance(r.gains), trees: r.model.trees.length };
  }
  const { fit, valid } = purgedValidationSplit(rows, ds.start, ds.end, spec.validFraction);
  const fitPart = labels(subset(ds, fit));
  const validPart = valid.length > 0 ? labels(subset(ds, valid)) : undefined;
  const r = trainGbdt(fitPart, f, { seed: spec.seed, ...spec.gbdt, objective: spec.objective }, validPart, onRound, spec.threads !== undefined ? { threads: spec.threads } : {});
  return { predictor: { kind: 'trees', trees: r.model }, model: r.model, importance: normaliseImportance(r.gains), trees: r.bestRound };
}

export function score(objective: Objective, y: ArrayLike<number>, p: ArrayLike<number>): Metrics {
  return objective === 'logloss' ? classificationMetrics(y, p) : regressionMetrics(y, p);
}

/** What one fold's fit gives back: the test rows' predictions and the trees (or epochs) kept. */
export interface FoldFit {
  p: Float64Array;
  trees: number;
}

/** The purged walk-forward folds an evaluation of `spec` scores (a queued evaluation sends one job per fold). */
export function evaluationFolds(ds: Dataset, spec: TrainSpec): Fold[] {
  return purgedFolds(ds.start, ds.end, { folds: spec.folds, embargo: spec.embargo, mode: 'walk-forward' });
}

/** One fold of a tree kind: trained on its training rows, its test rows predicted. */
export function fitTreeFold(ds: Dataset, spec: TrainSpec, fold: Fold, folds: number, hooks: Hooks = {}): FoldFit {
  checkFold(fold);
  const trained = trainOnRows(ds, fold.train, spec, hooks, { phase: 'fold', fold: fold.index + 1, folds });
  const test = subset(ds, fold.test);
  return { p: predictWindows(trained.predictor, test.x, test.rows, ds.names.length), trees: trained.trees };
}

/** Purged walk-forward evaluation of the tree kinds (gbdt, forest, ensemble), synchronously. */
export function evaluate(ds: Dataset, spec: TrainSpec, hooks: Hooks = {}): EvaluationReport {
  const folds = evaluationFolds(ds, spec);
  const fits = folds.map((fold) => fitTreeFold(ds, spec, fold, folds.length, hooks));
  return summarise(ds, spec, folds, fits);
}

/**
 * The same evaluation with an asynchronous fit per fold (the networks train with tfjs, which awaits; a queued
 * evaluation collects each fold's fit from a worker).
 */
export async function evaluateAsync(ds: Dataset, spec: TrainSpec, fit: (fold: Fold, folds: number) => Promise<FoldFit>): Promise<EvaluationReport> {
  const folds = evaluationFolds(ds, spec);
  const fits: FoldFit[] = [];
  for (const fold of folds) {
    checkFold(fold);
    fits.push(await fit(fold, folds.length));
  }
  return summarise(ds, spec, folds, fits);
}

export function checkFold(fold: Fold): void {
  if (fold.train.length < 20) throw new CodedError('BAD_REQUEST', `fold ${fold.index + 1} has only ${fold.train.length} training rows after purging; use fewer folds or more data`);
}

function summarise(ds: Dataset, spec: TrainSpec, folds: Fold[], fits: FoldFit[]): EvaluationReport {
  const predictions = new Float64Array(ds.rows).fill(NaN);
  const reports: FoldReport[] = folds.map((fold, k) => {
    const p = fits[k]!.p;
    fold.test.forEach((row, j) => (predictions[row] = p[j]!));
    const y = Array.from(fold.test, (row) => ds.y[row]!);
    return {
      fold: fold.index + 1, trainRows: fold.train.length, testRows: fold.test.length, purged: fold.purged, embargoed: fold.embargoed,
      testStart: fold.testStart, testEnd: fold.testEnd, trees: fits[k]!.trees, metrics: score(spec.objective, y, p),
    };
  });
  const tested = Array.from(predictions.keys()).filter((i) => predictions[i] === predictions[i]);
  const oos = score(spec.objective, tested.map((i) => ds.y[i]!), tested.map((i) => predictions[i]!));
  const foldMean: Record<string, number> = {};
  for (const key of Object.keys(oos)) {
    const values = reports.map((r) => (r.metrics as unknown as Record<string, number>)[key]!).filter(Number.isFinite);
    if (values.length > 0) foldMean[key] = values.reduce((a, b) => a + b, 0) / values.length;
  }
  return { folds: reports, oos, foldMean, permuted: spec.permuteLabels, predictions };
}
