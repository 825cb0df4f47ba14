import { describe, expect, it } from 'vitest';
import { compileRowSum } from '../../../src-main/ml/trees/compiled-sum.js';
import { FlatTrees } from '../../../src-main/ml/trees/flat-trees.js';
import { predictOne, type TreeEnsembleJson, type TreeJson } from '../../../src-main/ml/trees/tree-model.js';
import { EXAMPLE_MODEL } from '../../../src-main/strategies/ml/example-model.js';

/** A seeded generator in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A random tree with leaves at uneven depths up to `depth` (children adjacent or not, as the trainers may emit). */
function randomTree(rand: () => number, depth: number, nFeatures: number): TreeJson {
  const t: TreeJson = { feature: [], threshold: [], left: [], right: [], value: [] };
  const grow = (level: number): number => {
    const id = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.value.push(0);
    if (level === depth || (level > 0 && rand() < 0.25)) {
      t.value[id] = Math.fround(rand() - 0.5);
      return id;
    }
    t.feature[id] = Math.floor(rand() * nFeatures);
    // Thresholds on the float32 grid and a few repeated values, so ties (x equal to the threshold) happen.
    t.threshold[id] = Math.fround(Math.round((rand() * 2 - 1) * 8) / 4);
    // Grown right first now and then, so children are not always adjacent.
    if (rand() < 0.5) {
      t.left[id] = grow(level + 1);
      t.right[id] = grow(level + 1);
    } else {
      t.right[id] = grow(level + 1);
      t.left[id] = grow(level + 1);
    }
    return id;
  };
  grow(0);
  return t;
}

function rows(rand: () => number, n: number, cols: number): Float64Array {
  const x = new Float64Array(n * cols);
  for (let i = 0; i < x.length; i++) {
    const r = rand();
    // Exact thresholds (ties), NaN, infinities and ordinary values.
    x[i] = r < 0.1 ? Math.round((rand() * 2 - 1) * 8) / 4 : r < 0.12 ? Number.NaN : r < 0.13 ? -Infinity : r < 0.14 ? Infinity : (rand() * 2 - 1) * 2.5;
  }
  return x;
}

describe('compiled leaf sums of shallow tree ensembles', () => {
  it('give the typed-array walk to the last bit on the shipped model, on rows around its training data', () => {
    const model = EXAMPLE_MODEL.trees!;
    const flat = new FlatTrees(model);
    const sum = compileRowSum(model);
    expect(sum).toBeDefined();
    const cols = model.nFeatures;
    const { mean, std } = EXAMPLE_MODEL.dissimilarity;
    const rand = lcg(7);
    const n = 20_000;
    const x = new Float64Array(n * cols);
    for (let i = 0; i < n; i++) for (let j = 0; j < cols; j++) x[i * cols + j] = mean[j]! + (rand() * 2 - 1) * 3 * std[j]!;
    for (let i = 0; i < n; i++) {
      expect(sum!(x, i * cols)).toBe(flat.walk(x, i * cols));
      expect(flat.predict(x, i * cols)).toBe(predictOne(model, x, i * cols));
    }
  });

  it.each([1, 2, 3, 4])('give the walk to the last bit on random uneven trees of depth %i, with ties, NaN and infinities', (depth) => {
    const rand = lcg(100 + depth);
    const nFeatures = 6;
    for (const [output, aggregate] of [['logit', 'sum'], ['probability', 'average'], ['value', 'sum']] as const) {
      const model: TreeEnsembleJson = { algorithm: aggregate === 'sum' ? 'gbdt' : 'forest', output, aggregate, base: 0.1, nFeatures, trees: Array.from({ length: 25 }, () => randomTree(rand, depth, nFeatures)) };
      const flat = new FlatTrees(model);
      const sum = compileRowSum(model);
      expect(sum).toBeDefined();
      const x = rows(rand, 2_000, nFeatures);
      for (let i = 0; i < 2_000; i++) {
        expect(Object.is(sum!(x, i * nFeatures), flat.walk(x, i * nFeatures))).toBe(true);
        expect(Object.is(flat.predict(x, i * nFeatures), predictOne(model, x, i * nFeatures))).toBe(true);
      }
    }
  });

  it('leaves deeper ensembles to the walk, which still answers as predictOne', () => {
    const rand = lcg(5);
    const model: TreeEnsembleJson = { algorithm: 'gbdt', output: 'logit', aggregate: 'sum', base: 0, nFeatures: 4, trees: [randomTree(() => 0.9, 6, 4), randomTree(rand, 3, 4)] };
    expect(compileRowSum(model)).toBeUndefined();
    const flat = new FlatTrees(model);
    const x = rows(rand, 500, 4);
    for (let i = 0; i < 500; i++) expect(Object.is(flat.predict(x, i * 4), predictOne(model, x, i * 4))).toBe(true);
  });

  it('refuses a tree that tests a feature outside the row instead of generating code for it', () => {
    const bad: TreeEnsembleJson = { algorithm: 'gbdt', output: 'value', aggregate: 'sum', base: 0, nFeatures: 2, trees: [{ feature: [5, -1, -1], threshold: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, 1, 2] }] };
    expect(() => compileRowSum(bad)).toThrow(/tree 0 tests feature 5 .* features 0 to 1/);
  });
});
