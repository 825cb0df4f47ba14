import { sampleWithoutReplacement, seededRandom } from '../random.js';
import { makeBins, MAX_BINS } from './binning.js';
import { growTree } from './grow.js';
import type { Matrix, TrainProgress } from './gbdt.js';
import type { TreeEnsembleJson } from './tree-model.js';

/**
 * Random forest (Breiman): each tree grows deep on a bootstrap sample of the rows, choosing each split among a
 * random subset of the features; predictions average the trees. Splits minimise squared error, which for 0/1 labels
 * is the Gini criterion (the variance p(1-p) is half the Gini impurity), and a leaf holds the mean label: the class
 * frequency for a classifier, the mean value for a regressor.
 */
export interface ForestParams {
  classification: boolean;
  trees: number;
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  /** Features tried per split, as a fraction of all (sqrt(F)/F is Breiman's choice for classification). */
  featureFraction: number;
  bootstrap: boolean;
  maxBins: number;
  seed: number;
}

export const FOREST_DEFAULTS: ForestParams = {
  classification: true, trees: 100, maxDepth: 12, maxLeaves: 4096, minSamplesLeaf: 5, featureFraction: 0, bootstrap: true, maxBins: MAX_BINS, seed: 1,
};

export interface ForestResult {
  model: TreeEnsembleJson;
  gains: Float64Array;
}

export function trainForest(train: Matrix, features: number, given: Partial<ForestParams> = {}, onTree?: (p: TrainProgress) => void): ForestResult {
  const p: ForestParams = { ...FOREST_DEFAULTS, ...given };
  if (train.rows < 2 || !(Number.isInteger(p.trees) && p.trees >= 1)) throw new RangeError('random forest: needs 2+ rows and a whole number of trees');
  const n = train.rows;
  const rand = seededRandom(p.seed);
  const bins = makeBins(train.x, n, features, p.maxBins);
  const grad = Float64Array.from(train.y, (y) => -y);
  const hess = new Float64Array(n).fill(1);
  const perSplit = p.featureFraction > 0 ? Math.max(1, Math.round(p.featureFraction * features)) : Math.max(1, Math.round(Math.sqrt(features)));
  const all = Int32Array.from({ length: features }, (_, i) => i);
  const nodeFeatures = perSplit >= features ? () => all : () => sampleWithoutReplacement(features, perSplit, rand);
  const model: TreeEnsembleJson = { algorithm: 'forest', output: p.classification ? 'probability' : 'value', aggregate: 'average', base: 0, nFeatures: features, trees: [] };
  const gains = new Float64Array(features);
  for (let t = 1; t <= p.trees; t++) {
    const rows = p.bootstrap ? Int32Array.from({ length: n }, () => Math.floor(rand() * n)) : Int32Array.from({ length: n }, (_, i) => i);
    const grown = growTree(
      { bins, grad, hess, rows, nodeFeatures, scale: 1 },
      { maxDepth: p.maxDepth, maxLeaves: p.maxLeaves, minChildWeight: 0, minSamplesLeaf: p.minSamplesLeaf, lambda: 0, minGain: 1e-12 },
    );
    model.trees.push(grown.tree);
    for (let f = 0; f < features; f++) gains[f] = gains[f]! + (grown.gains[f]!);
    onTree?.({ round: t, of: p.trees, trainLoss: NaN, validLoss: null });
  }
  return { model, gains };
}
