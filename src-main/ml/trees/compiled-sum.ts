import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { TreeEnsembleJson, TreeJson } from './tree-model.js';

/**
 * The sum of an ensemble's leaf values for one row, as generated code: every shallow tree (depth up to
 * MAX_COMPILED_DEPTH) becomes one line that tests all its nodes against constants without a branch, packs the
 * answers into a bit mask, and picks the leaf from the mask. A walk from node to node waits on a load and guesses a
 * branch at every level (about half of those guesses are wrong on market data); here the tests are independent, so
 * the processor runs them side by side, and nothing is loaded but the row and the leaf value. Measured on the shipped
 * model (60 trees of depth 3): about a third of the time of the typed-array walk.
 *
 * Same answer to the last bit as the walk (FlatTrees.predict, predictOne): each test is `fround(x) < threshold`, as
 * there (a NaN goes right), and the leaf values are added in tree order starting from 0. Only numbers reach the
 * generated text (feature indices checked as integers in range, thresholds written by String(number), which reads
 * back as the same float64), so a model file cannot inject code. Returns undefined where code cannot be generated
 * (a deeper tree, or a host that forbids it): the caller keeps the walk.
 */
export const MAX_COMPILED_DEPTH = 4;
/**
 * Up to this depth (7 tests, a 128-entry table per tree) the mask picks the leaf value from a table made once, in
 * place of the three dependent steps that walk the mask: about a fifth less time on the shipped model. Deeper
 * trees (a 32,768-entry table) and ensembles whose tables would pass TABLE_BYTES keep the walk.
 */
const MAX_TABLE_DEPTH = 3;
const TABLE_BYTES = 1 << 20;

export type RowSum = (x: ArrayLike<number>, offset: number) => number;

function depthOf(tree: TreeJson, node = 0): number {
  return tree.feature[node]! < 0 ? 0 : 1 + Math.max(depthOf(tree, tree.left[node]!), depthOf(tree, tree.right[node]!));
}

/**
 * One tree as a complete tree of depth `depth` in heap order (node h has children 2h+1 and 2h+2): per internal
 * slot, the test (feature and threshold, or null where a leaf above makes the test irrelevant), and per leaf slot
 * the value (a leaf above fills every slot below it).
 */
function completeTree(tree: TreeJson, depth: number): { tests: Array<{ feature: number; threshold: number } | null>; leaves: number[] } {
  const internal = (1 << depth) - 1;
  const tests: Array<{ feature: number; threshold: number } | null> = new Array<null>(internal).fill(null);
  const leaves: number[] = new Array<number>(1 << depth).fill(0);
  const place = (node: number, slot: number, level: number): void => {
    if (tree.feature[node]! < 0) {
      let lo = slot;
      let hi = slot;
      for (let d = level; d < depth; d++) {
        lo = 2 * lo + 1;
        hi = 2 * hi + 2;
      }
      for (let s = lo; s <= hi; s++) leaves[s - internal] = tree.value[node]!;
      return;
    }
    tests[slot] = { feature: tree.feature[node]!, threshold: tree.threshold[node]! };
    place(tree.left[node]!, 2 * slot + 1, level + 1);
    place(tree.right[node]!, 2 * slot + 2, level + 1);
  };
  place(0, 0, 0);
  return { tests, leaves };
}

export function compileRowSum(model: TreeEnsembleJson): RowSum | undefined {
  if (model.trees.length === 0) return undefined;
  // A loop, not a spread: a model may hold more trees than a call takes arguments.
  let depth = 1;
  for (const t of model.trees) depth = Math.max(depth, depthOf(t));
  if (depth > MAX_COMPILED_DEPTH) return undefined;
  const nf = model.nFeatures;
  const internal = (1 << depth) - 1;
  const leafCount = 1 << depth;
  const masks = 1 << internal;
  const table = depth <= MAX_TABLE_DEPTH && model.trees.length * masks * 8 <= TABLE_BYTES;
  const leaves = new Float64Array(model.trees.length * (table ? masks : leafCount));
  const used = new Set<number>();
  const lines: string[] = [];
  for (let k = 0; k < model.trees.length; k++) {
    const { tests, leaves: values } = completeTree(model.trees[k]!, depth);
    if (table) {
      // Entry q: the leaf the walk below reaches from mask q (a slot without a test reads as 0, as in the mask).
      for (let q = 0; q < masks; q++) {
        let h = 0;
        for (let d = 0; d < depth; d++) h = 2 * h + 2 - ((q >> h) & 1);
        leaves[k * masks + q] = values[h - internal]!;
      }
    } else leaves.set(values, k * leafCount);
    const bits: string[] = [];
    tests.forEach((t, slot) => {
      if (t === null) return;
      if (!Number.isInteger(t.feature) || t.feature < 0 || t.feature >= nf || typeof t.threshold !== 'number') {
        throw new CodedError('BAD_REQUEST', `the model's tree ${k} tests feature ${String(t.feature)} against ${String(t.threshold)}, but its rows have features 0 to ${nf - 1} and thresholds are numbers: the model file is damaged or belongs to another feature set; retrain or re-export it`);
      }
      used.add(t.feature);
      bits.push(`((x${t.feature} < ${String(t.threshold)}) << ${slot})`);
    });
    // A slot is 1 where the test sends the row left; from the root, h becomes 2h+1 (left) or 2h+2 (right).
    const mask = bits.length > 0 ? bits.join(' | ') : '0';
    if (table) {
      lines.push(`s += L[${k * masks} + (${mask})];`);
      continue;
    }
    lines.push(`q = ${mask};`);
    lines.push(`h = 0;${' h = 2 * h + 2 - ((q >> h) & 1);'.repeat(depth)}`);
    lines.push(`s += L[${k * leafCount - internal} + h];`);
  }
  const reads = [...used].sort((a, b) => a - b).map((j) => `const x${j} = Math.fround(x[o + ${j}]);`);
  // The sum is written to out[0], not returned: the generated function is too long to be inlined into its caller,
  // and a number returned from a call that is not inlined is boxed (an allocation per prediction).
  const body = ['"use strict";', ...reads, 'let s = 0;', 'let q = 0;', 'let h = 0;', ...lines, 'out[0] = s;'].join('\n');
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from numbers only, see above
    const sum = new Function('L', 'x', 'o', 'out', body) as (leaves: Float64Array, x: ArrayLike<number>, offset: number, out: Float64Array) => void;
    const out = new Float64Array(1);
    return (x, offset) => {
      sum(leaves, x, offset, out);
      return out[0]!;
    };
  } catch {
    return undefined;
  }
}
