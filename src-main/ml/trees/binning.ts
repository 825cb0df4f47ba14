/**
 * Histogram training's bins: each feature's values are cut at up to maxBins-1 edges (quantiles of its float32
 * values), and a value's bin is the number of edges at or below it. So "bin <= b" is exactly "x < edges[b]", the
 * test a tree node stores and ONNX's BRANCH_LT applies. Edges are float32 values that lie strictly above the
 * largest sample value of the lower bin, so no training value sits on the wrong side.
 */
export interface Bins {
  /** Per feature, ascending float32 edges. */
  edges: Float64Array[];
  /**
   * Row-major bin of every row: binned[i * features + f]. A histogram is built row by row, each row's bins read
   * as one contiguous run, rather than feature by feature through rows scattered by the partitions.
   */
  binned: Uint8Array;
  /**
   * The same bins column-major: byColumn[f * rows + i]. A split partitions its rows by one feature; the rows of a
   * node stay in ascending order (the partition is stable), so this reads one feature's bytes forward.
   */
  byColumn: Uint8Array;
  rows: number;
  features: number;
}

export const MAX_BINS = 256;

/** Cut points of one feature: midpoints (rounded to float32, kept above the lower value) between quantile values. */
export function featureEdges(values: Float64Array, maxBins: number): Float64Array {
  // plain loops over typed arrays: Float64Array.from with a map function and a growing number[] cost more than the sort
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) sorted[i] = Math.fround(values[i]!);
  sorted.sort();
  const unique = new Float64Array(sorted.length);
  let nDistinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique[nDistinct++] = sorted[i]!;
  const distinct = unique.subarray(0, nDistinct);
  const uppers: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) uppers.push(k);
  } else {
    // quantile positions over all values; each names the distinct value that starts a bin
    let last = 0;
    for (let k = 1; k < maxBins; k++) {
      const v = sorted[Math.floor((k * sorted.length) / maxBins)]!;
      const d = lowerBound(distinct, v);
      if (d > last) {
        uppers.push(d);
        last = d;
      }
    }
  }
  return Float64Array.from(uppers, (d) => {
    const lo = distinct[d - 1]!;
    const hi = distinct[d]!;
    const mid = Math.fround(lo + (hi - lo) / 2);
    return mid > lo && mid <= hi ? mid : hi;
  });
}

function lowerBound(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** Bin of one value: the number of edges <= fround(x). */
export function binOf(edges: Float64Array, x: number): number {
  const v = Math.fround(x);
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (edges[m]! <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/**
 * Bins for a row-major matrix; edges come from at most `sampleRows` evenly spaced rows. `shared` puts the row-major
 * bins on a SharedArrayBuffer, for histogram helper threads to read.
 */
export function makeBins(x: Float64Array, rows: number, features: number, maxBins = MAX_BINS, sampleRows = 200_000, shared = false): Bins {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be 2..${MAX_BINS}`);
  const step = Math.max(1, Math.floor(rows / sampleRows));
  const binned = shared ? new Uint8Array(new SharedArrayBuffer(rows * features)) : new Uint8Array(rows * features);
  const byColumn = new Uint8Array(rows * features);
  const edges: Float64Array[] = [];
  const col = new Float64Array(Math.ceil(rows / step));
  for (let f = 0; f < features; f++) {
    let k = 0;
    for (let i = 0; i < rows; i += step) col[k++] = x[i * features + f]!;
    const e = featureEdges(col.subarray(0, k), maxBins);
    edges.push(e);
    const base = f * rows;
    for (let i = 0; i < rows; i++) {
      const b = binOf(e, x[i * features + f]!);
      byColumn[base + i] = b;
      binned[i * features + f] = b;
    }
  }
  return { edges, binned, byColumn, rows, features };
}
