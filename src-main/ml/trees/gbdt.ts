import { sampleWithoutReplacement, seededRandom } from '../random.js';
import { makeBins, MAX_BINS, type Bins } from './binning.js';
import { binnedValue, growTree, type GrowParams } from './grow.js';
import { cellStarts } from './hist-kernel.js';
import { defaultHistThreads, HistPool, sharedFloat64, sharedInt32 } from './hist-pool.js';
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

/** How to train, not what: the model is the same whatever these are. */
export interface GbdtRunOptions {
  /** Threads that build histograms (this one included); default min(2, cores). Small sets use one. */
  threads?: number;
  /** The histogram helper's script (default: dist/main/ml-hist-worker.mjs beside the running bundle). */
  histWorkerScript?: string;
}

/** Fewer rows than this train on one thread: a helper thread's start costs more than it saves. */
const MIN_THREADED_ROWS = 20_000;

export interface GbdtResult {
  model: TreeEnsembleJson;
  /** Loss per round (training rows, and the validation rows when given). */
  trainLoss: number[];
  validLoss: number[];
  bestRound: number;
  /** Split gain per feature, summed over the kept trees. */
  gains: Float64Array;
  /** Threads that built the histograms (1 when no helper ran). */
  threads: number;
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

export function trainGbdt(
  train: Matrix,
  features: number,
  given: Partial<GbdtParams> = {},
  valid?: Matrix,
  onRound?: (p: TrainProgress) => void,
  run: GbdtRunOptions = {},
): GbdtResult {
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...given };
  check(p, train.rows, features);
  const n = train.rows;
  const threads = n >= MIN_THREADED_ROWS ? Math.floor(run.threads ?? defaultHistThreads()) : 1;
  if (!(threads >= 1)) throw new RangeError('GBDT: threads must be a whole number of at least 1');
  // Helpers read the bins, gradients, hessians and row order where this thread writes them: shared memory.
  const shared = threads > 1;
  const rand = seededRandom(p.seed);
  const bins = makeBins(train.x, n, features, p.maxBins, undefined, shared);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += train.y[i]!;
  mean /= n;
  const base = Math.fround(p.objective === 'l2' ? mean : Math.log(Math.min(Math.max(mean, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(mean, 1e-6), 1 - 1e-6))));
  const score = new Float64Array(n).fill(base);
  const grad = shared ? sharedFloat64(n) : new Float64Array(n);
  const hess = shared ? sharedFloat64(n) : new Float64Array(n);
  const rowBuffer = shared ? sharedInt32(n) : new Int32Array(n);
  const pool = shared ? HistPool.open({ binned: bins.binned, features, cellStart: cellStarts(bins.edges), grad, hess, rows: rowBuffer }, threads, run.histWorkerScript) : null;
  try {
    return boost(train, features, p, { bins, base, score, grad, hess, rowBuffer, rand, pool }, valid, onRound);
  } finally {
    pool?.close();
  }
}

interface BoostState {
  bins: Bins;
  base: number;
  score: Float64Array;
  grad: Float64Array;
  hess: Float64Array;
  /** Room for each round's row order (shared with the pool's helpers when there is a pool). */
  rowBuffer: Int32Array;
  rand: () => number;
  pool: HistPool | null;
}

function boost(train: Matrix, features: number, p: GbdtParams, st: BoostState, valid?: Matrix, onRound?: (p: TrainProgress) => void): GbdtResult {
  const { bins, base, score, grad, hess, rowBuffer, rand, pool } = st;
  const n = train.rows;
  const vScore = valid ? new Float64Array(valid.rows).fill(base) : null;
  const model: TreeEnsembleJson = { algorithm: 'gbdt', output: p.objective === 'l2' ? 'value' : 'logit', aggregate: 'sum', base, nFeatures: features, trees: [] };
  const gainsPerTree: Float64Array[] = [];
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  let best = Infinity;
  let bestRound = 0;
  const nRows = Math.max(1, Math.round(p.rowSubsample * n));
  const nCols = Math.max(1, Math.round(p.colSubsample * features));
  const allCols = Int32Array.from({ length: features }, (_, i) => i);
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
    // this round's rows, in the buffer the pool's helpers read (the grower reorders them in place)
    const rows = rowBuffer.subarray(0, nRows);
    if (nRows === n) for (let i = 0; i < n; i++) rows[i] = i;
    else rows.set(sampleWithoutReplacement(n, nRows, rand));
    const cols = nCols === features ? allCols : sampleWithoutReplacement(features, nCols, rand);
    const grown = growTree({ bins, grad, hess, rows, nodeFeatures: () => cols, scale: p.learningRate, ...(pool ? { buildHist: (s: number, e: number) => pool.build(s, e) } : {}) }, p);
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
  return { model, trainLoss, validLoss, bestRound, gains, threads: pool?.threads ?? 1 };
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
