/**
 * The test's independent reference: an exact greedy regression tree (no histograms, no bins) grown depth-first by
 * sorting each node's rows on each feature and trying every cut between two distinct values, with the same
 * second-order gain and leaf formulas as XGBoost's exact method. On data with fewer distinct values per feature
 * than the histogram trainer's bins, both must choose the same cuts. A cut is placed halfway from the node's value
 * to the next value seen anywhere in the training set (where a histogram's edge lies), so new rows fall the same way.
 */
export interface RefParams {
  maxDepth: number;
  lambda: number;
  minSamplesLeaf: number;
  minChildWeight: number;
  scale: number;
}

type Node = { leaf: number } | { f: number; t: number; l: Node; r: Node };

export function exactTree(x: Float64Array, nf: number, rows: number[], g: Float64Array, h: Float64Array, p: RefParams, depth = 0): Node {
  const G = rows.reduce((s, r) => s + g[r]!, 0);
  const H = rows.reduce((s, r) => s + h[r]!, 0);
  const leaf: Node = { leaf: Math.fround((-G / (H + p.lambda)) * p.scale) };
  if (depth >= p.maxDepth || rows.length < 2 * p.minSamplesLeaf) return leaf;
  let best: { gain: number; f: number; t: number } | null = null;
  for (let f = 0; f < nf; f++) {
    const v = (r: number) => Math.fround(x[r * nf + f]!);
    const global = [...new Set(Array.from({ length: x.length / nf }, (_, r) => v(r)))].sort((a, b) => a - b);
    const above = (a: number) => global.find((w) => w > a)!;
    const sorted = [...rows].sort((a, b) => v(a) - v(b));
    let gl = 0;
    let hl = 0;
    for (let i = 0; i < sorted.length - 1; i++) {
      gl += g[sorted[i]!]!;
      hl += h[sorted[i]!]!;
      if (v(sorted[i]!) === v(sorted[i + 1]!)) continue;
      const cl = i + 1;
      const cr = sorted.length - cl;
      if (cl < p.minSamplesLeaf || cr < p.minSamplesLeaf || hl < p.minChildWeight || H - hl < p.minChildWeight) continue;
      const gain = (gl * gl) / (hl + p.lambda) + ((G - gl) * (G - gl)) / (H - hl + p.lambda) - (G * G) / (H + p.lambda);
      if (gain > 0 && (!best || gain > best.gain)) best = { gain, f, t: (v(sorted[i]!) + above(v(sorted[i]!))) / 2 };
    }
  }
  if (!best) return leaf;
  const b = best;
  const left = rows.filter((r) => Math.fround(x[r * nf + b.f]!) < b.t);
  const right = rows.filter((r) => !(Math.fround(x[r * nf + b.f]!) < b.t));
  return { f: b.f, t: b.t, l: exactTree(x, nf, left, g, h, p, depth + 1), r: exactTree(x, nf, right, g, h, p, depth + 1) };
}

export function exactValue(node: Node, x: ArrayLike<number>, offset: number): number {
  let n = node;
  while (!('leaf' in n)) n = Math.fround(x[offset + n.f]!) < n.t ? n.l : n.r;
  return n.leaf;
}

/** Exact greedy boosting with the same objective formulas, full rows and columns each round. */
export function exactBoost(x: Float64Array, nf: number, y: Float64Array, objective: 'l2' | 'logloss', rounds: number, lr: number, p: Omit<RefParams, 'scale'>): { base: number; trees: Node[] } {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const base = Math.fround(objective === 'l2' ? mean : Math.log(mean / (1 - mean)));
  const score = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Node[] = [];
  const rows = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < rounds; k++) {
    for (let i = 0; i < n; i++) {
      if (objective === 'l2') {
        g[i] = score[i]! - y[i]!;
        h[i] = 1;
      } else {
        const q = 1 / (1 + Math.exp(-score[i]!));
        g[i] = q - y[i]!;
        h[i] = Math.max(q * (1 - q), 1e-16);
      }
    }
    const t = exactTree(x, nf, rows, g, h, { ...p, scale: lr });
    trees.push(t);
    for (let i = 0; i < n; i++) score[i] = score[i]! + (exactValue(t, x, i * nf));
  }
  return { base, trees };
}
