/**
 * The histogram loop of tree growing, shared by the grower and the histogram helper thread (hist-worker.ts).
 * Adds (gradient, hessian, 1) of rows[start..end) into the (feature, bin) cells of features fLo..fHi-1, row by row
 * from the row-major bins. Each cell receives its rows in the order of `rows`, whichever thread owns its feature,
 * so splitting the features between threads gives the same floating-point sums as one thread doing them all.
 */
export interface HistLayout {
  /** Row-major bins: binned[r * features + f]. */
  binned: Uint8Array;
  features: number;
  /** Per feature, the index of its first cell times 3 (a cell holds g, h, count); features + 1 entries. */
  cellStart: Int32Array;
}

export function accumulateHist(
  hist: Float64Array,
  layout: HistLayout,
  grad: Float64Array,
  hess: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  fLo: number,
  fHi: number,
): void {
  const { binned, features, cellStart } = layout;
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * features;
    for (let f = fLo; f < fHi; f++) {
      const at = cellStart[f]! + binned[base + f]! * 3;
      hist[at] = hist[at]! + g;
      hist[at + 1] = hist[at + 1]! + h;
      hist[at + 2] = hist[at + 2]! + 1;
    }
  }
}

/** Cell starts (times 3) for features whose bin counts are edges.length + 1. */
export function cellStarts(edges: Float64Array[]): Int32Array {
  const out = new Int32Array(edges.length + 1);
  for (let f = 0; f < edges.length; f++) out[f + 1] = out[f]! + (edges[f]!.length + 1) * 3;
  return out;
}
