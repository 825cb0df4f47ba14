// Screen-resolution aggregation of the chart: every bucket equals the OHLCV computed directly from its bars.
import { describe, expect, it } from 'vitest';
import {
  aggregateBuckets,
  aggregateRange,
  bucketOf,
  bucketSize,
  sampleAtBucketEnds,
  type BarColumns,
} from '../../../../src-renderer/components/chart/bar-buckets.js';
import { toColumns } from '../../../../src-renderer/components/chart/chart-model.js';
import type { Bar } from '../../../../src-shared/domain/bar.js';
import { loadYahooBars } from './yahoo-bars.js';

/** The OHLCV of bars[a..b] straight from the Bar objects, the way a reader would compute it by hand. */
function direct(bars: readonly Bar[], a: number, b: number): { o: number; h: number; l: number; c: number; v: number } {
  const slice = bars.slice(a, b + 1);
  return {
    o: slice[0]!.o,
    h: Math.max(...slice.map((x) => x.h)),
    l: Math.min(...slice.map((x) => x.l)),
    c: slice[slice.length - 1]!.c,
    v: slice.reduce((s, x) => s + x.v, 0),
  };
}

describe('chart bar buckets', () => {
  const bars = loadYahooBars();
  const cols: BarColumns = toColumns(bars);
  const n = bars.length;

  it('uses real daily bars (enough of them to need several bucket sizes)', () => {
    expect(n).toBeGreaterThan(2000);
  });

  it('bucket size is 1 while bars are at least a pixel wide, and grows as the view zooms out', () => {
    expect(bucketSize(250, 1360)).toBe(1);
    expect(bucketSize(1360, 1360)).toBe(1);
    expect(bucketSize(1361, 1360)).toBe(2);
    expect(bucketSize(1_000_000, 1360)).toBe(736);
    expect(bucketSize(1000, 100, 3)).toBe(30);
    expect(bucketSize(0, 1360)).toBe(1);
    expect(bucketSize(100, 0)).toBe(1);
  });

  for (const size of [1, 2, 7, 64, 500]) {
    it(`buckets of ${size} bars equal the direct OHLCV of their bars, over the whole series`, () => {
      const b = aggregateBuckets(cols, 0, n - 1, size);
      expect(b.count).toBe(Math.ceil(n / size));
      for (let j = 0; j < b.count; j++) {
        const first = j * size;
        const last = Math.min(n - 1, first + size - 1);
        expect([b.first[j], b.last[j]]).toEqual([first, last]);
        const d = direct(bars, first, last);
        expect({ o: b.o[j], h: b.h[j], l: b.l[j], c: b.c[j], v: b.v[j] }).toEqual(d);
      }
    });
  }

  it('buckets stay aligned to bar 0 whatever window asks for them (panning never regroups bars)', () => {
    const size = 7;
    const a = aggregateBuckets(cols, 100.3, 400.8, size);
    const b = aggregateBuckets(cols, 97, 420, size);
    // Window [100.3, 400.8] holds bars 101..400: buckets 14 (98..104) .. 57 (399..405).
    expect(a.first[0]).toBe(98);
    expect(a.last[a.count - 1]).toBe(405);
    const offset = (a.first[0]! - b.first[0]!) / size;
    for (let j = 0; j < a.count; j++) {
      expect(a.first[j]).toBe(b.first[j + offset]);
      expect(a.h[j]).toBe(b.h[j + offset]);
      expect(a.v[j]).toBe(b.v[j + offset]);
    }
  });

  it('edge buckets: the last bucket is short, a window past either end is clipped to the series', () => {
    const size = 64;
    const tail = aggregateBuckets(cols, n - 10, n + 500, size);
    expect(tail.count).toBe(1);
    const lastStart = Math.floor((n - 1) / size) * size;
    expect([tail.first[0], tail.last[0]]).toEqual([lastStart, n - 1]);
    expect(tail.c[0]).toBe(bars[n - 1]!.c);
    expect({ o: tail.o[0], h: tail.h[0], l: tail.l[0], c: tail.c[0], v: tail.v[0] }).toEqual(direct(bars, lastStart, n - 1));
    const head = aggregateBuckets(cols, -1000.5, 3, size);
    expect([head.count, head.first[0], head.last[0]]).toEqual([1, 0, size - 1]);
    expect(head.o[0]).toBe(bars[0]!.o);
  });

  it('an empty range gives no buckets (and no range candle)', () => {
    for (const [from, to] of [
      [n + 5, n + 50],
      [-50, -1],
      [10.2, 10.8],
      [30, 20],
    ] as const) {
      expect(aggregateBuckets(cols, from, to, 4).count).toBe(0);
      expect(aggregateRange(cols, from, to)).toBeNull();
    }
    const none = toColumns([]);
    expect(aggregateBuckets(none, 0, 100, 1).count).toBe(0);
  });

  it('a range candle is the exact aggregate of its bars; one bar gives that bar', () => {
    expect(aggregateRange(cols, 1234, 1234)).toEqual({ first: 1234, last: 1234, ...direct(bars, 1234, 1234) });
    expect(aggregateRange(cols, 500, 799)).toEqual({ first: 500, last: 799, ...direct(bars, 500, 799) });
    expect(aggregateRange(cols, n - 3, n + 3)).toEqual({ first: n - 3, last: n - 1, ...direct(bars, n - 3, n - 1) });
  });

  it('bucketOf names the bucket that holds a bar', () => {
    expect([bucketOf(0, 7), bucketOf(6, 7), bucketOf(7, 7), bucketOf(699, 7)]).toEqual([0, 0, 1, 99]);
  });

  it('indicators are sampled at each bucket’s last bar; warm-up nulls and NaN stay gaps', () => {
    const values: (number | null)[] = Array.from({ length: 20 }, (_, i) => (i < 5 ? null : i * 10));
    values[13] = Number.NaN;
    const b = aggregateBuckets(toColumns(bars.slice(0, 20)), 0, 19, 3);
    // Buckets end on bars 2, 5, 8, 11, 14, 17, 19.
    expect(sampleAtBucketEnds(values, b)).toEqual([null, 50, 80, 110, 140, 170, 190]);
    expect(sampleAtBucketEnds(values, aggregateBuckets(toColumns(bars.slice(0, 20)), 12, 14, 1))).toEqual([120, null, 140]);
  });
});
