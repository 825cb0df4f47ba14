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
  // Four features a step: their cells are distinct, so the order each cell receives its rows is unchanged, and
  // the loads of the next bins overlap the adds of this one (about a fifth faster than one feature a step).
  const f4 = fLo + ((fHi - fLo) & ~3);
  for (let k = start; k < end; k++) {
    const r = rows[k]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * features;
    let f = fLo;
    for (; f < f4; f += 4) {
      const a = cellStart[f]! + binned[base + f]! * 3;
      const b = cellStart[f + 1]! + binned[base + f + 1]! * 3;
      const c = cellStart[f + 2]! + binned[base + f + 2]! * 3;
      const d = cellStart[f + 3]! + binned[base + f + 3]! * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
      hist[b] = hist[b]! + g;
      hist[b + 1] = hist[b + 1]! + h;
      hist[b + 2] = hist[b + 2]! + 1;
      hist[c] = hist[c]! + g;
      hist[c + 1] = hist[c + 1]! + h;
      hist[c + 2] = hist[c + 2]! + 1;
      hist[d] = hist[d]! + g;
      hist[d + 1] = hist[d + 1]! + h;
      hist[d + 2] = hist[d + 2]! + 1;
    }
    for (; f < fHi; f++) {
      const a = cellStart[f]! + binned[base + f]! * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
    }
  }
}

/** Cell starts (times 3) for features whose bin counts are edges.length + 1. */
export function cellStarts(edges: Float64Array[]): Int32Array {
  const out = new Int32Array(edges.length + 1);
  for (let f = 0; f < edges.length; f++) out[f + 1] = out[f]! + (edges[f]!.length + 1) * 3;
  return out;
}
