import { compileRowSum, type RowSum } from './compiled-sum.js';
import type { TreeEnsembleJson } from './tree-model.js';

/**
 * A tree ensemble flattened into typed arrays (every tree's nodes one after another, children as absolute
 * indices), so a prediction walks memory without touching an object or allocating: the ml-signal strategy predicts
 * every bar. It adds the trees in the same order and applies the same transform as predictOne, so it returns the
 * same number to the last bit (a test checks it on the shipped model). Shallow trees are summed by generated code
 * (compiled-sum.ts: branch-free, about three times faster on the shipped model); the walk stays for deeper ones.
 */
export class FlatTrees {
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly value: Float64Array;
  private readonly roots: Int32Array;
  private readonly average: boolean;
  private readonly logit: boolean;
  private readonly base: number;
  private readonly compiled: RowSum | undefined;

  constructor(model: TreeEnsembleJson) {
    const total = model.trees.reduce((n, t) => n + t.feature.length, 0);
    this.feature = new Int32Array(total);
    this.threshold = new Float64Array(total);
    this.left = new Int32Array(total);
    this.right = new Int32Array(total);
    this.value = new Float64Array(total);
    this.roots = new Int32Array(model.trees.length);
    let at = 0;
    model.trees.forEach((tree, k) => {
      this.roots[k] = at;
      for (let i = 0; i < tree.feature.length; i++) {
        const f = tree.feature[i]!;
        this.feature[at + i] = f;
        if (f < 0) this.value[at + i] = tree.value[i]!;
        else {
          this.threshold[at + i] = tree.threshold[i]!;
          this.left[at + i] = at + tree.left[i]!;
          this.right[at + i] = at + tree.right[i]!;
        }
      }
      at += tree.feature.length;
    });
    this.average = model.aggregate === 'average' && model.trees.length > 0;
    this.logit = model.output === 'logit';
    this.base = model.base;
    this.compiled = compileRowSum(model);
  }

  /** As predictOne: the probability (or value) for the row of `x` starting at `offset`. */
  predict(x: ArrayLike<number>, offset = 0): number {
    let s = this.compiled ? this.compiled(x, offset) : this.walk(x, offset);
    if (this.average) s /= this.roots.length;
    const raw = this.base + s;
    return this.logit ? 1 / (1 + Math.exp(-raw)) : raw;
  }

  /** The leaf values' sum by walking each tree (in tree order, from 0, as compiled-sum.ts adds them). */
  walk(x: ArrayLike<number>, offset = 0): number {
    const { feature, threshold, left, right, value, roots } = this;
    let s = 0;
    for (let k = 0; k < roots.length; k++) {
      let node = roots[k]!;
      for (;;) {
        const f = feature[node]!;
        if (f < 0) break;
        node = Math.fround(x[offset + f]!) < threshold[node]! ? left[node]! : right[node]!;
      }
      s += value[node]!;
    }
    return s;
  }
}
