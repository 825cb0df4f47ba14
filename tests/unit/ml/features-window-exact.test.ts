import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { ExactSum } from '../../../src-main/kernel/indicators/exact-sum.js';
import { featureSet, FeaturePipeline } from '../../../src-main/ml/features/feature-sets.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/**
 * The rolling features of the shipped model's set, streamed bar by bar through FeaturePipeline (O(1) per bar:
 * double-double window sums certified against an error bound, see rolling-moments.ts), against each window's
 * value computed from scratch by the definition (exact sums of the window, each expression rounded once). Bit for
 * bit at every bar of every real daily file: the training rows were built by this definition, so a live or
 * backtest row that differed in the last bit could send a tree down another branch.
 */
interface Moments {
  mean: number;
  variance: number;
}

function windowMoments(xs: ArrayLike<number>, end: number, n: number): Moments {
  const s1 = new ExactSum();
  const s2 = new ExactSum();
  for (let i = end - n + 1; i <= end; i++) {
    s1.add(xs[i]!);
    s2.addProduct(xs[i]!, xs[i]!);
  }
  const d = new ExactSum();
  d.addScaled(s2, n);
  d.addSquareOf(s1, -1);
  const v = d.value();
  return { mean: s1.value() / n, variance: v > 0 ? v / (n * n) : 0 };
}

/** Each feature by its definition at bar i (NaN before its lookback). */
const DEFINITIONS: Record<string, (bars: readonly Bar[], close: Float64Array, volume: Float64Array, logReturn: Float64Array, i: number) => number> = {
  rvol_20: (_b, _c, _v, lr, i) => (i < 20 ? NaN : Math.sqrt(windowMoments(lr, i, 20).variance)),
  volz_20: (_b, _c, v, _lr, i) => {
    if (i < 19) return NaN;
    const m = windowMoments(v, i, 20);
    const sd = Math.sqrt(m.variance);
    return sd > 0 ? (v[i]! - m.mean) / sd : 0;
  },
  zscore_20_zscore: (_b, c, _v, _lr, i) => {
    if (i < 19) return NaN;
    const m = windowMoments(c, i, 20);
    const sd = Math.sqrt(m.variance);
    return sd > 0 ? (c[i]! - m.mean) / sd : 0;
  },
  bollinger_20_2_lower: (_b, c, _v, _lr, i) => {
    if (i < 19) return NaN;
    const m = windowMoments(c, i, 20);
    return c[i]! / (m.mean - 2 * Math.sqrt(m.variance)) - 1;
  },
  sma_50_sma: (_b, c, _v, _lr, i) => (i < 49 ? NaN : c[i]! / windowMoments(c, i, 50).mean - 1),
};

describe('rolling features streamed in O(1) equal their per-window definitions at every bar', () => {
  const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt')).sort();
  it.each(files)('%s', (file) => {
    const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
    const close = Float64Array.from(bars, (b) => b.c);
    const volume = Float64Array.from(bars, (b) => b.v);
    // logReturn[i] is the return into bar i (index 0 unused), as rvol reads it.
    const logReturn = Float64Array.from(bars, (b, i) => (i === 0 ? NaN : Math.log(b.c / bars[i - 1]!.c)));
    const defs = featureSet('basic');
    const pipe = new FeaturePipeline(defs);
    const checked = Object.keys(DEFINITIONS).map((name) => {
      const j = defs.findIndex((d) => d.name === name);
      expect(j, name).toBeGreaterThanOrEqual(0);
      return { name, j, define: DEFINITIONS[name]! };
    });
    let compared = 0;
    for (let i = 0; i < bars.length; i++) {
      const row = pipe.update(bars[i]!);
      for (const c of checked) {
        const want = c.define(bars, close, volume, logReturn, i);
        // Object.is: bit for bit (NaN equals NaN, 0 differs from -0); expect only on a difference, for speed.
        if (!Object.is(row[c.j], want)) expect(row[c.j], `${c.name} at bar ${i} of ${file}`).toBe(want);
        if (want === want) compared++;
      }
    }
    expect(compared).toBeGreaterThan(bars.length);
  });
});
