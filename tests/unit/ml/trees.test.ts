import { describe, expect, it } from 'vitest';
import { auc } from '../../../src-main/ml/eval/metrics.js';
import { seededRandom } from '../../../src-main/ml/random.js';
import { binOf, featureEdges } from '../../../src-main/ml/trees/binning.js';
import { trainForest } from '../../../src-main/ml/trees/forest.js';
import { trainGbdt } from '../../../src-main/ml/trees/gbdt.js';
import { predictMany, predictRaw, sigmoid } from '../../../src-main/ml/trees/tree-model.js';
import { exactBoost, exactTree, exactValue } from './exact-tree-reference.js';

/** Rows on a grid of `levels` values per feature, y depending on some of them, plus noise. */
function synthetic(rows: number, nf: number, levels: number, seed: number, kind: 'logloss' | 'l2') {
  const rand = seededRandom(seed);
  const x = new Float64Array(rows * nf);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < nf; f++) x[i * nf + f] = Math.floor(rand() * levels) / levels - 0.5;
    const s = 2 * x[i * nf]! - 1.5 * x[i * nf + 1]! * (x[i * nf + 2]! > 0 ? 1 : -1) + 0.3 * rand();
    y[i] = kind === 'l2' ? s : rand() < sigmoid(4 * s) ? 1 : 0;
  }
  return { x, y, rows };
}

describe('histogram trees: hand-checked cases', () => {
  it('an L2 stump splits between 2 and 3 and fits [1,1,5,5] exactly', () => {
    const r = trainGbdt({ x: Float64Array.of(1, 2, 3, 4), y: Float64Array.of(1, 1, 5, 5), rows: 4 }, 1, {
      objective: 'l2', trees: 1, learningRate: 1, maxDepth: 1, maxLeaves: 2, lambda: 0, minSamplesLeaf: 1, rowSubsample: 1, colSubsample: 1,
    });
    const t = r.model.trees[0]!;
    expect(r.model.base).toBe(3);
    expect(t.threshold[0]).toBe(2.5);
    // leaves: -G/H = -(2+2)/2 = -2 on the left, +2 on the right
    expect(t.value[t.left[0]!]).toBe(-2);
    expect(t.value[t.right[0]!]).toBe(2);
    expect(Array.from(predictMany(r.model, Float64Array.of(1, 2, 3, 4, 2.49, 2.5), 6))).toEqual([1, 1, 5, 5, 1, 5]);
  });

  it('a log-loss stump on x=[0,1], y=[0,1]: base logit 0, gradients -/+0.5, hessians 0.25, leaves -/+2', () => {
    const r = trainGbdt({ x: Float64Array.of(0, 1), y: Float64Array.of(0, 1), rows: 2 }, 1, {
      objective: 'logloss', trees: 1, learningRate: 1, maxDepth: 1, maxLeaves: 2, lambda: 0, minSamplesLeaf: 1, rowSubsample: 1, colSubsample: 1,
    });
    expect(r.model.base).toBe(0);
    expect(predictMany(r.model, Float64Array.of(0, 1), 2)).toEqual(Float64Array.of(sigmoid(-2), sigmoid(2)));
  });

  it('bins: an edge sits strictly above the lower value, and bin <= b exactly when x < edges[b]', () => {
    const rand = seededRandom(3);
    const v = Float64Array.from({ length: 5000 }, () => rand() * 100);
    const edges = featureEdges(v, 32);
    expect(edges.length).toBe(31);
    let wrong = 0;
    for (const x of v) {
      const b = binOf(edges, x);
      for (let k = 0; k < edges.length; k++) if (b <= k !== Math.fround(x) < edges[k]!) wrong++;
    }
    expect(wrong).toBe(0);
    for (let k = 1; k < edges.length; k++) expect(edges[k]!).toBeGreaterThan(edges[k - 1]!);
  });
});

describe('histogram trees against the exact greedy reference (tests/unit/ml/exact-tree-reference.ts)', () => {
  const nf = 5;
  it('one deep L2 tree: the same prediction for every training row and for new rows', () => {
    const d = synthetic(600, nf, 50, 11, 'l2');
    const p = { maxDepth: 5, lambda: 1, minSamplesLeaf: 5, minChildWeight: 0 };
    const ours = trainGbdt(d, nf, { objective: 'l2', trees: 1, learningRate: 1, maxLeaves: 64, rowSubsample: 1, colSubsample: 1, ...p });
    const mean = Math.fround(d.y.reduce((a, b) => a + b, 0) / d.rows);
    const g = Float64Array.from(d.y, (y) => mean - y);
    const ref = exactTree(d.x, nf, Array.from({ length: d.rows }, (_, i) => i), g, new Float64Array(d.rows).fill(1), { ...p, scale: 1 });
    const test = synthetic(300, nf, 50, 12, 'l2');
    for (const s of [d, test]) {
      for (let i = 0; i < s.rows; i++) expect(predictRaw(ours.model, s.x, i * nf)).toBeCloseTo(mean + exactValue(ref, s.x, i * nf), 5);
    }
    expect(ours.model.trees[0]!.feature.filter((f) => f >= 0).length).toBeGreaterThan(10);
  });

  it.each(['logloss', 'l2'] as const)('30 rounds of %s boosting: the same scores as exact greedy boosting', (objective) => {
    const d = synthetic(500, nf, 40, 21, objective);
    const p = { maxDepth: 3, lambda: 1, minSamplesLeaf: 3, minChildWeight: 1e-3 };
    const ours = trainGbdt(d, nf, { objective, trees: 30, learningRate: 0.3, maxLeaves: 8, rowSubsample: 1, colSubsample: 1, earlyStopping: 0, ...p });
    const ref = exactBoost(d.x, nf, d.y, objective, 30, 0.3, p);
    expect(ours.model.trees.length).toBe(30);
    const test = synthetic(200, nf, 40, 22, objective);
    for (let i = 0; i < test.rows; i++) {
      const refScore = ref.trees.reduce((s, t) => s + exactValue(t, test.x, i * nf), ref.base);
      expect(predictRaw(ours.model, test.x, i * nf)).toBeCloseTo(refScore, 5);
    }
  });
});

describe('histogram trees: properties', () => {
  const nf = 6;
  it('learns the signal: test AUC well above 0.5; training loss falls every round', () => {
    const d = synthetic(3000, nf, 1000, 31, 'logloss');
    const test = synthetic(1000, nf, 1000, 32, 'logloss');
    const r = trainGbdt(d, nf, { trees: 60, learningRate: 0.1, earlyStopping: 0, rowSubsample: 1, colSubsample: 1 });
    expect(auc(test.y, predictMany(r.model, test.x, test.rows))).toBeGreaterThan(0.8);
    for (let k = 1; k < r.trainLoss.length; k++) expect(r.trainLoss[k]!).toBeLessThan(r.trainLoss[k - 1]!);
    // the features that carry the signal (0, 1, 2) carry most of the gain
    expect(r.gains[0]! + r.gains[1]! + r.gains[2]!).toBeGreaterThan(0.8 * r.gains.reduce((a, b) => a + b, 0));
  });

  it('early stopping on a validation fold keeps the best round and stops the given number of rounds after it', () => {
    const d = synthetic(800, nf, 1000, 41, 'logloss');
    const v = synthetic(400, nf, 1000, 42, 'logloss');
    const r = trainGbdt(d, nf, { trees: 400, learningRate: 0.5, maxDepth: 6, maxLeaves: 64, minSamplesLeaf: 2, earlyStopping: 10 }, v);
    expect(r.bestRound).toBeLessThan(390);
    expect(r.validLoss.length).toBe(r.bestRound + 10);
    expect(r.model.trees.length).toBe(r.bestRound);
    expect(Math.min(...r.validLoss)).toBe(r.validLoss[r.bestRound - 1]);
  });

  it('row and column subsampling: the same seed gives the same model, another seed another', () => {
    const d = synthetic(500, nf, 1000, 51, 'logloss');
    const opts = { trees: 10, rowSubsample: 0.5, colSubsample: 0.5, earlyStopping: 0 };
    const a = trainGbdt(d, nf, { ...opts, seed: 1 });
    const b = trainGbdt(d, nf, { ...opts, seed: 1 });
    const c = trainGbdt(d, nf, { ...opts, seed: 2 });
    expect(b.model).toEqual(a.model);
    expect(c.model).not.toEqual(a.model);
    // a tree trained on half the columns splits on at most 3 distinct features
    for (const t of a.model.trees) expect(new Set(t.feature.filter((f) => f >= 0)).size).toBeLessThanOrEqual(3);
  });

  it('maxLeaves caps a best-first tree', () => {
    const d = synthetic(1000, nf, 1000, 61, 'l2');
    const r = trainGbdt(d, nf, { objective: 'l2', trees: 3, maxDepth: 10, maxLeaves: 5, minSamplesLeaf: 1, earlyStopping: 0 });
    for (const t of r.model.trees) expect(t.feature.filter((f) => f < 0).length).toBe(5);
  });
});

describe('random forest', () => {
  const nf = 5;
  it('one tree, no bootstrap, every feature per split: the exact greedy squared-error tree, leaves the class frequency', () => {
    const d = synthetic(400, nf, 30, 71, 'logloss');
    const r = trainForest(d, nf, { trees: 1, bootstrap: false, featureFraction: 1, maxDepth: 4, minSamplesLeaf: 5 });
    const ref = exactTree(d.x, nf, Array.from({ length: d.rows }, (_, i) => i), Float64Array.from(d.y, (y) => -y), new Float64Array(d.rows).fill(1), {
      maxDepth: 4, lambda: 0, minSamplesLeaf: 5, minChildWeight: 0, scale: 1,
    });
    for (let i = 0; i < d.rows; i++) expect(predictRaw(r.model, d.x, i * nf)).toBeCloseTo(exactValue(ref, d.x, i * nf), 6);
    for (const v of r.model.trees[0]!.value) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('averages many bootstrapped trees into a classifier that ranks new rows well', () => {
    const d = synthetic(2000, nf, 1000, 81, 'logloss');
    const test = synthetic(800, nf, 1000, 82, 'logloss');
    const r = trainForest(d, nf, { trees: 30, maxDepth: 8, minSamplesLeaf: 10 });
    expect(r.model.trees.length).toBe(30);
    const p = predictMany(r.model, test.x, test.rows);
    expect(p.every((q) => q >= 0 && q <= 1)).toBe(true);
    expect(auc(test.y, p)).toBeGreaterThan(0.8);
  });
});
