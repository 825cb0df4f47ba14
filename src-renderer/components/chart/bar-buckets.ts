// Screen-resolution aggregation of a bar series: the chart never hands ECharts more candles than the plot has pixel
// columns for. Pure functions over typed columns, so they are unit-tested directly (no DOM, no ECharts).

import type { BarColumns } from '../../../src-shared/domain/bar-columns.js';

/** A bar series as typed columns (index i is the i-th bar, oldest first). */
export type { BarColumns };

/** One candle made of bars [first, last] (inclusive): first open, max high, min low, last close, summed volume. */
export interface Ohlcv {
  first: number;
  last: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/**
 * Consecutive buckets of `size` bars each, aligned to multiples of `size` from bar 0 (the last one may be short),
 * so a bucket holds the same bars wherever the window is panned: panning never changes what a candle shows.
 */
export interface Buckets {
  size: number;
  count: number;
  /** Index of the bucket's first and last bar (inclusive). */
  first: Int32Array;
  last: Int32Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
}

/**
 * Bars per bucket so that a bucket is at least `minPx` pixels wide: 1 while bars are already that wide (the chart
 * shows real candles), more as the view zooms out.
 */
export function bucketSize(visibleBars: number, plotWidthPx: number, minPx = 1): number {
  if (!(visibleBars > 0) || !(plotWidthPx > 0)) return 1;
  return Math.max(1, Math.ceil((visibleBars * minPx) / plotWidthPx));
}

/** The bucket (of buckets of `size` bars aligned to bar 0) that holds bar `index`. */
export function bucketOf(index: number, size: number): number {
  return Math.floor(index / size);
}

/** The exact OHLCV of bars [first, last] (inclusive, clipped to the series); null when the range holds no bar. */
export function aggregateRange(cols: BarColumns, first: number, last: number): Ohlcv | null {
  const n = cols.t.length;
  const a = Math.max(0, Math.ceil(first));
  const b = Math.min(n - 1, Math.floor(last));
  if (a > b) return null;
  let h = -Infinity;
  let l = Infinity;
  let v = 0;
  for (let i = a; i <= b; i++) {
    const hi = cols.h[i]!;
    const lo = cols.l[i]!;
    if (hi > h) h = hi;
    if (lo < l) l = lo;
    v += cols.v[i]!;
  }
  return { first: a, last: b, o: cols.o[a]!, h, l, c: cols.c[b]!, v };
}

/**
 * Every bucket of `size` bars that overlaps bars [from, to] (clipped to the series; whole buckets, so the edge
 * buckets may reach outside the range). Empty when the range holds no bar.
 */
export function aggregateBuckets(cols: BarColumns, from: number, to: number, size: number): Buckets {
  const n = cols.t.length;
  const k = Math.max(1, Math.floor(size));
  const a = Math.max(0, Math.ceil(from));
  const b = Math.min(n - 1, Math.floor(to));
  const firstBucket = a > b ? 0 : bucketOf(a, k);
  const count = a > b ? 0 : bucketOf(b, k) - firstBucket + 1;
  const out: Buckets = {
    size: k,
    count,
    first: new Int32Array(count),
    last: new Int32Array(count),
    o: new Float64Array(count),
    h: new Float64Array(count),
    l: new Float64Array(count),
    c: new Float64Array(count),
    v: new Float64Array(count),
  };
  const { h: H, l: L, v: V } = cols;
  for (let j = 0; j < count; j++) {
    const s = (firstBucket + j) * k;
    const e = Math.min(n - 1, s + k - 1);
    let hi = H[s]!;
    let lo = L[s]!;
    let vol = 0;
    for (let i = s; i <= e; i++) {
      const x = H[i]!;
      const y = L[i]!;
      if (x > hi) hi = x;
      if (y < lo) lo = y;
      vol += V[i]!;
    }
    out.first[j] = s;
    out.last[j] = e;
    out.o[j] = cols.o[s]!;
    out.h[j] = hi;
    out.l[j] = lo;
    out.c[j] = cols.c[e]!;
    out.v[j] = vol;
  }
  return out;
}

/** Where a bucket is drawn on the bar-index axis: the middle of its bars. */
export function bucketCentre(b: Buckets, j: number): number {
  return (b.first[j]! + b.last[j]!) / 2;
}

/**
 * An indicator output downsampled to the buckets: the value at each bucket's last bar, the same point in time the
 * candle's close comes from (a warm-up null or NaN there stays a gap). So at 1:1 the line is the indicator itself,
 * and zoomed out it is the indicator sampled at the candles' closes, never a value the indicator did not take.
 */
export function sampleAtBucketEnds(values: ArrayLike<number | null>, b: Buckets): (number | null)[] {
  const out = new Array<number | null>(b.count);
  for (let j = 0; j < b.count; j++) {
    const x = values[b.last[j]!];
    out[j] = x === null || x === undefined || !Number.isFinite(x) ? null : x;
  }
  return out;
}
