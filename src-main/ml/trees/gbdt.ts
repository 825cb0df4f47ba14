import { sampleWithoutReplacement, seededRandom } from '../random.js';
import { makeBins, MAX_BINS } from './binning.js';
import { binnedValue, growTree, type GrowParams } from './grow.js';
import { sigmoid, treeValue, type TreeEnsembleJson } from './tree-model.js';

/**
 * Gradient-boosted trees, histogram-based. Each round fits a tree to the gradient and hessian of the loss at the
 * current scores (log-loss for 0/1 labels, squared error for values), adds it times the learning rate, and checks
 * the validation loss: training stops `earlyStopping` rounds after the best one and keeps the model up to it.
 */
export type Objective = 'logloss' | 'l2';

export interface GbdtParams extends GrowParams {
  objective: Objective;
  trees: number;
  learningRate: number;
  /** Fraction of rows each tree sees (sampled without replacement). */
  rowSubsample: number;
  /** Fraction of features each tree may split on. */
  colSubsample: number;
  /** Rounds without a better validation loss before stopping; 0: never stop early (and keep every tree). */
  earlyStopping: number;
  maxBins: number;
  seed: number;
}

export const GBDT_DEFAULTS: GbdtParams = {
  objective: 'logloss', trees: 200, learningRate: 0.05, maxDepth: 4, maxLeaves: 16, minChildWeight: 1e-3, minSamplesLeaf: 20,
  lambda: 1, minGain: 0, rowSubsample: 0.8, colSubsample: 0.8, earlyStopping: 20, maxBins: MAX_BINS, seed: 1,
};

export interface Matrix {
  x: Float64Array;
  y: Float64Array;
  rows: number;
}

export interface TrainProgress {
  round: number;
  of: number;
  trainLoss: number;
  validLoss: number | null;
}

export interface GbdtResult {
  model: TreeEnsembleJson;
  /** Loss per round (training rows, and the validation rows when given). */
  trainLoss: number[];
  validLoss: number[];
  bestRound: number;
  /** Split gain per feature, summed over the kept trees. */
  gains: Float64Array;
}

export function loss(objective: Objective, y: Float64Array, score: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    if (objective === 'l2') s += (score[i]! - y[i]!) ** 2;
    else {
      // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, written to stay finite for large |z|
      const z = y[i]! > 0.5 ? score[i]! : -score[i]!;
      s += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
    }
  }
  return y.length > 0 ? s / y.length : NaN;
}

export function trainGbdt(train: Matrix, features: number, given: Partial<GbdtParams> = {}, valid?: Matrix, onRound?: (p: TrainProgress) => void): GbdtResult {
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...given };
  check(p, train.rows, features);
  const n = train.rows;
  const rand = seededRandom(p.seed);
  const bins = makeBins(train.x, n, features, p.maxBins);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += train.y[i]!;
  mean /= n;
  const base = Math.fround(p.objective === 'l2' ? mean : Math.log(Math.min(Math.max(mean, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(mean, 1e-6), 1 - 1e-6))));
  const score = new Float64Array(n).fill(base);
  const vScore = valid ? new Float64Array(valid.rows).fill(base) : null;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const model: TreeEnsembleJson = { algorithm: 'gbdt', output: p.objective === 'l2' ? 'value' : 'logit', aggregate: 'sum', base, nFeatures: features, trees: [] };
  const gainsPerTree: Float64Array[] = [];
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  let best = Infinity;
  let bestRound = 0;
  const nRows = Math.max(1, Math.round(p.rowSubsample * n));
  const nCols = Math.max(1, Math.round(p.colSubsample * features));
  for (let round = 1; round <= p.trees; round++) {
    for (let i = 0; i < n; i++) {
      if (p.objective === 'l2') {
        grad[i] = score[i]! - train.y[i]!;
        hess[i] = 1;
      } else {
        const q = sigmoid(score[i]!);
        grad[i] = q - train.y[i]!;
        hess[i] = Math.max(q * (1 - q), 1e-16);
      }
    }
    const rows = nRows === n ? Int32Array.from({ length: n }, (_, i) => i) : sampleWithoutReplacement(n, nRows, rand);
    const cols = nCols === features ? Int32Array.from({ length: features }, (_, i) => i) : sampleWithoutReplacement(features, nCols, rand);
    const grown = growTree({ bins, grad, hess, rows, nodeFeatures: () => cols, scale: p.learningRate }, p);
    model.trees.push(grown.tree);
    gainsPerTree.push(grown.gains);
    for (let i = 0; i < n; i++) score[i] = score[i]! + (binnedValue(grown, bins, i));
    trainLoss.push(loss(p.objective, train.y, score));
    let vl: number | null = null;
    if (valid && vScore) {
      for (let i = 0; i < valid.rows; i++) {
        vScore[i] = vScore[i]! + (treeValue(grown.tree, valid.x, i * features));
      }
      vl = loss(p.objective, valid.y, vScore);
      validLoss.push(vl);
      if (p.earlyStopping === 0) bestRound = round; // no early stopping: every tree is kept
      else if (vl < best - 1e-12) {
        best = vl;
        bestRound = round;
      }
    } else bestRound = round;
    onRound?.({ round, of: p.trees, trainLoss: trainLoss[trainLoss.length - 1]!, validLoss: vl });
    if (valid && p.earlyStopping > 0 && round - bestRound >= p.earlyStopping) break;
  }
  model.trees = model.trees.slice(0, bestRound);
  const gains = new Float64Array(features);
  for (const g of gainsPerTree.slice(0, bestRound)) for (let f = 0; f < features; f++) gains[f] = gains[f]! + (g[f]!);
  return { model, trainLoss, validLoss, bestRound, gains };
}

function check(p: GbdtParams, rows: number, features: number): void {
  const bad = (what: string) => {
    throw new RangeError(`GBDT: ${what}`);
  };
  if (rows < 2) bad('needs at least 2 training rows');
  if (features < 1) bad('needs at least 1 feature');
  if (!(Number.isInteger(p.trees) && p.trees >= 1)) bad('trees must be a whole number of at least 1');
  if (!(p.learningRate > 0 && p.learningRate <= 1)) bad('learning rate must be in (0, 1]');
  if (!(Number.isInteger(p.maxDepth) && p.maxDepth >= 1)) bad('max depth must be a whole number of at least 1');
  if (!(Number.isInteger(p.maxLeaves) && p.maxLeaves >= 2)) bad('max leaves must be a whole number of at least 2');
  if (!(p.rowSubsample > 0 && p.rowSubsample <= 1) || !(p.colSubsample > 0 && p.colSubsample <= 1)) bad('subsample fractions must be in (0, 1]');
  if (!(p.lambda >= 0)) bad('lambda must be 0 or more');
}
