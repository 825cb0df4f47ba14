import type { Bins } from './binning.js';
import { accumulateHist } from './hist-kernel.js';
import type { TreeJson } from './tree-model.js';

/**
 * Grows one regression tree on gradient/hessian histograms (the `hist` method of XGBoost and LightGBM): each node
 * sums (g, h, count) per bin of each candidate feature and picks the cut with the largest second-order gain
 *   GL^2/(HL+lambda) + GR^2/(HR+lambda) - G^2/(H+lambda).
 * Leaves are split best-first (largest gain first) up to maxLeaves and maxDepth; a child's histogram is built by
 * scanning the smaller child and subtracting it from the parent's for the larger one. Leaf output: -G/(H+lambda),
 * times `scale`. With g = -y, h = 1 and lambda = 0 the gain is the reduction in squared error and a leaf is the
 * mean of its labels, which is how the random forest uses it.
 */
export interface GrowParams {
  maxDepth: number;
  maxLeaves: number;
  minChildWeight: number;
  minSamplesLeaf: number;
  lambda: number;
  minGain: number;
}

export interface GrowInput {
  bins: Bins;
  grad: Float64Array;
  hess: Float64Array;
  /** The rows this tree learns from (a bootstrap may repeat a row). Reordered in place. */
  rows: Int32Array;
  /** The features a node may split on; called once per node (per-node column sampling for forests). */
  nodeFeatures: () => Int32Array;
  /** Multiplies every leaf output (the learning rate); leaves are rounded to float32 after it. */
  scale: number;
  /**
   * Builds the histogram of rows[start..end) over every feature (a HistPool over these same arrays, which shares
   * the work between threads). Without it the histogram is built on this thread; the sums are the same either way.
   */
  buildHist?: (start: number, end: number) => Float64Array;
}

export interface GrownTree {
  tree: TreeJson;
  /** Per node: the bin cut (left: bin <= cut), for predicting the training rows from their bins. */
  cutBin: number[];
  /** Sum of split gains per feature (importance). */
  gains: Float64Array;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  hist: Float64Array;
  g: number;
  h: number;
  best: Split | null;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
}

/** The histogram of a leaf that will never split (never read). */
const NO_HIST: Float64Array = new Float64Array(0);

export function growTree(input: GrowInput, p: GrowParams): GrownTree {
  const { bins, grad, hess, rows } = input;
  const nFeatures = bins.edges.length;
  const offsets = new Int32Array(nFeatures + 1);
  for (let f = 0; f < nFeatures; f++) offsets[f + 1] = offsets[f]! + bins.edges[f]!.length + 1;
  const histSize = offsets[nFeatures]! * 3;
  const tree: TreeJson = { feature: [], threshold: [], left: [], right: [], value: [] };
  const cutBin: number[] = [];
  const gains = new Float64Array(nFeatures);
  const newNode = (): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    cutBin.push(-1);
    return tree.feature.length - 1;
  };
  // Every histogram covers all features (a child's is its parent's minus its sibling's). Row by row: each row's
  // gradient, hessian and bins are read once; each (feature, bin) cell still receives the rows in partition order,
  // so the sums are the same floating-point numbers as a feature-by-feature scan.
  const cellStart = offsets.map((o) => o * 3);
  const layout = { binned: bins.binned, features: nFeatures, cellStart };
  const buildHist = input.buildHist ?? ((start: number, end: number): Float64Array => {
    const hist = new Float64Array(histSize);
    accumulateHist(hist, layout, grad, hess, rows, start, end, 0, nFeatures);
    return hist;
  });
  const splittable = (depth: number, count: number) => depth < p.maxDepth && count >= 2 * p.minSamplesLeaf;
  const findSplit = (leaf: Leaf): Split | null => {
    if (!splittable(leaf.depth, leaf.end - leaf.start)) return null;
    const feats = input.nodeFeatures();
    let best: Split | null = null;
    const { g: G, h: H } = leaf;
    const parent = (G * G) / (H + p.lambda);
    for (const f of feats) {
      const off = offsets[f]!;
      const nb = bins.edges[f]!.length + 1;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      const total = leaf.end - leaf.start;
      for (let b = 0; b < nb - 1; b++) {
        const at = (off + b) * 3;
        gl += leaf.hist[at]!;
        hl += leaf.hist[at + 1]!;
        cl += leaf.hist[at + 2]!;
        if (cl < p.minSamplesLeaf || hl < p.minChildWeight) continue;
        const cr = total - cl;
        const hr = H - hl;
        if (cr < p.minSamplesLeaf) break;
        if (hr < p.minChildWeight) continue;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parent;
        if (gain > p.minGain && (best === null || gain > best.gain)) best = { gain, feature: f, bin: b };
      }
    }
    return best;
  };
  let sg = 0;
  let sh = 0;
  for (let k = 0; k < rows.length; k++) {
    sg += grad[rows[k]!]!;
    sh += hess[rows[k]!]!;
  }
  const root: Leaf = { node: newNode(), start: 0, end: rows.length, depth: 0, hist: buildHist(0, rows.length), g: sg, h: sh, best: null };
  root.best = findSplit(root);
  const open: Leaf[] = [root];
  const done: Leaf[] = [];
  const scratch = new Int32Array(rows.length);
  let leaves = 1;
  while (open.length > 0 && leaves < p.maxLeaves) {
    let bi = -1;
    for (let i = 0; i < open.length; i++) if (open[i]!.best && (bi < 0 || open[i]!.best!.gain > open[bi]!.best!.gain)) bi = i;
    if (bi < 0) break;
    const leaf = open.splice(bi, 1)[0]!;
    const s = leaf.best!;
    // stable partition of the leaf's rows: bin <= cut to the left
    const column = s.feature * bins.rows;
    let nl = 0;
    let nr = 0;
    for (let k = leaf.start; k < leaf.end; k++) {
      const r = rows[k]!;
      if (bins.byColumn[column + r]! <= s.bin) rows[leaf.start + nl++] = r;
      else scratch[nr++] = r;
    }
    rows.set(scratch.subarray(0, nr), leaf.start + nl);
    const mid = leaf.start + nl;
    const off = offsets[s.feature]!;
    let gl = 0;
    let hl = 0;
    for (let b = 0; b <= s.bin; b++) {
      gl += leaf.hist[(off + b) * 3]!;
      hl += leaf.hist[(off + b) * 3 + 1]!;
    }
    // A child that can never split (at the depth cap, too few rows, or this split is the last one allowed) needs
    // no histogram: its sums come from the parent's. At full depth that skips the whole last level's scans.
    const last = leaves + 1 >= p.maxLeaves;
    const needLeft = !last && splittable(leaf.depth + 1, nl);
    const needRight = !last && splittable(leaf.depth + 1, nr);
    const leftSmaller = nl <= nr;
    let leftHist: Float64Array = NO_HIST;
    let rightHist: Float64Array = NO_HIST;
    if (needLeft || needRight) {
      const small = leftSmaller ? buildHist(leaf.start, mid) : buildHist(mid, leaf.end);
      let large: Float64Array = NO_HIST;
      if (leftSmaller ? needRight : needLeft) {
        large = leaf.hist;
        for (let i = 0; i < histSize; i++) large[i] = large[i]! - (small[i]!);
      }
      leftHist = leftSmaller ? small : large;
      rightHist = leftSmaller ? large : small;
    }
    const ln = newNode();
    const rn = newNode();
    tree.feature[leaf.node] = s.feature;
    tree.threshold[leaf.node] = bins.edges[s.feature]![s.bin]!;
    tree.left[leaf.node] = ln;
    tree.right[leaf.node] = rn;
    cutBin[leaf.node] = s.bin;
    gains[s.feature] = gains[s.feature]! + (s.gain);
    const l: Leaf = { node: ln, start: leaf.start, end: mid, depth: leaf.depth + 1, hist: leftHist, g: gl, h: hl, best: null };
    const r: Leaf = { node: rn, start: mid, end: leaf.end, depth: leaf.depth + 1, hist: rightHist, g: leaf.g - gl, h: leaf.h - hl, best: null };
    l.best = findSplit(l);
    r.best = findSplit(r);
    open.push(l, r);
    leaves++;
  }
  for (const leaf of [...open, ...done]) tree.value[leaf.node] = Math.fround((-leaf.g / (leaf.h + p.lambda)) * input.scale);
  return { tree, cutBin, gains };
}

/** The leaf value for training row `r` from its bins (equal to treeValue on its raw features, by the bin rule). */
export function binnedValue(t: GrownTree, bins: Bins, r: number): number {
  const { feature, left, right, value } = t.tree;
  let node = 0;
  for (;;) {
    const f = feature[node]!;
    if (f < 0) return value[node]!;
    node = bins.binned[r * bins.features + f]! <= t.cutBin[node]! ? left[node]! : right[node]!;
  }
}
