/**
 * A trained tree ensemble as plain data, and its prediction. Pure (no Node APIs): the ml-signal strategy runs it in
 * a backtest and live, and the ONNX exporter writes the same arrays. Inputs and thresholds compare as float32
 * (`Math.fround`), because ONNX feeds the trees float32 tensors; so this prediction and onnxruntime's take the same
 * branch for every input, and the leaf sums agree to float32 rounding.
 */
export interface TreeJson {
  /** Per node: the feature tested, or -1 for a leaf. */
  feature: number[];
  /** Per internal node: go left when fround(x[feature]) < threshold (a float32 value). */
  threshold: number[];
  left: number[];
  right: number[];
  /** Per leaf: its output (a float32 value; already scaled by the learning rate for boosting). */
  value: number[];
}

/**
 * How the summed trees become a prediction: 'logit' (boosted log-loss: base + sum, then the logistic function),
 * 'probability' (a classification forest: the average of leaf class frequencies), 'value' (regression: base + sum
 * for boosting, the average for a forest).
 */
export type EnsembleOutput = 'logit' | 'probability' | 'value';

export interface TreeEnsembleJson {
  algorithm: 'gbdt' | 'forest';
  output: EnsembleOutput;
  aggregate: 'sum' | 'average';
  /** Added to the aggregate (boosting's starting score; 0 for a forest). */
  base: number;
  nFeatures: number;
  trees: TreeJson[];
}

/** The leaf value one tree gives a row (row-major `x`, row starting at `offset`). */
export function treeValue(tree: TreeJson, x: ArrayLike<number>, offset = 0): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node]!;
    if (f < 0) return tree.value[node]!;
    node = Math.fround(x[offset + f]!) < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  }
}

/** The ensemble's score before the output transform (logit for 'logit'). */
export function predictRaw(model: TreeEnsembleJson, x: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (const t of model.trees) s += treeValue(t, x, offset);
  if (model.aggregate === 'average' && model.trees.length > 0) s /= model.trees.length;
  return model.base + s;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Probability of the positive class (classifiers) or the predicted value (regressors) for one row. */
export function predictOne(model: TreeEnsembleJson, x: ArrayLike<number>, offset = 0): number {
  const raw = predictRaw(model, x, offset);
  return model.output === 'logit' ? sigmoid(raw) : raw;
}

/** An averaging ensemble: the mean of its members' probabilities (or values) for one row. */
export function predictEnsemble(members: readonly TreeEnsembleJson[], x: ArrayLike<number>, offset = 0): number {
  let s = 0;
  for (const m of members) s += predictOne(m, x, offset);
  return s / members.length;
}

/** Predictions for `rows` rows of a row-major matrix. */
export function predictMany(model: TreeEnsembleJson, x: ArrayLike<number>, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = predictOne(model, x, i * model.nFeatures);
  return out;
}

/** Gain-based importance per feature (sum of split gains), normalised to sum to 1; from the trainer's record. */
export function normaliseImportance(gains: Float64Array): number[] {
  const total = gains.reduce((a, b) => a + b, 0);
  return Array.from(gains, (g) => (total > 0 ? g / total : 0));
}
