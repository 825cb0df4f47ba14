import { describe, expect, it } from 'vitest';
import {
  INDICATORS, bollingerBatch, computeIndicator, createIndicator, macdBatch, resolveParams, stdDevBatch, wmaBatch,
  type IndicatorColumns,
} from '../../../../src-main/kernel/indicators/index.js';
import { loadDaily } from './series.js';

const d = loadDaily('yhoo-1996-2015.txt');
const bench = loadDaily('orcl-1995-2014.txt');
const n = d.close.length;
const cols: IndicatorColumns = {
  high: d.high, low: d.low, close: d.close, volume: d.volume,
  benchmark: bench.close.subarray(bench.close.length - n),
};

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('streaming equals batch', () => {
  it.each(INDICATORS.map((m) => m.id))('%s: a reset streaming instance reproduces the batch series bit for bit', (id) => {
    const batch = computeIndicator(id, {}, cols);
    const ind = createIndicator(id);
    // Dirty the instance with other data first: reset() must bring it back to a clean state.
    for (let i = 0; i < 300; i++) ind.update({ h: 50 + i, l: 40, c: 45 + (i % 7), v: 1000, benchmark: 10 + (i % 3) });
    ind.reset();
    expect(ind.ready).toBe(false);
    const meta = ind.meta;
    const streamed = meta.outputs.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      ind.update({ h: cols.high[i]!, l: cols.low[i]!, c: cols.close[i]!, v: cols.volume[i]!, benchmark: cols.benchmark![i]! });
      meta.outputs.forEach((o, k) => (streamed[k]![i] = ind.read(o)));
    }
    expect(ind.ready).toBe(true);
    meta.outputs.forEach((o, k) => {
      expect(sameBits(streamed[k]!, batch[o]!)).toBe(true);
      // Warm for most of the series: a series of NaN would pass the comparison above.
      expect(batch[o]!.filter((x) => Number.isFinite(x)).length).toBeGreaterThan(n - 300);
    });
  });

  it('the registry passes its parameters through (registry series == dedicated batch functions)', () => {
    const bb = computeIndicator('bollinger', { period: 30, k: 2.5 }, cols);
    const direct = bollingerBatch(d.close, 30, 2.5);
    expect(sameBits(bb.upper!, direct.upper)).toBe(true);
    expect(sameBits(bb.lower!, direct.lower)).toBe(true);
    const m = computeIndicator('macd', { fast: 5, slow: 35, signal: 5 }, cols);
    expect(sameBits(m.signal!, macdBatch(d.close, 5, 35, 5).signal)).toBe(true);
  });
});

describe('exact windows beyond the SMA', () => {
  // The same 40 awkward values at the start and after 100k values of mixed magnitude.
  const period = 40;
  const window = Float64Array.from({ length: period }, (_, i) => 37.1 + ((i * 104729) % 997) / 997.3);
  const series = new Float64Array(100_000 + 2 * period);
  series.set(window, 0);
  let seed = 987654321;
  for (let i = period; i < series.length - period; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    series[i] = (seed / 2147483648) * 10 ** ((seed % 9) - 3) + 0.3;
  }
  series.set(window, series.length - period);
  const first = period - 1;
  const last = series.length - 1;

  it('WMA gives bit-identical values for equal windows', () => {
    const w = wmaBatch(series, period);
    expect(Number.isFinite(w[first]!)).toBe(true);
    expect(Object.is(w[first], w[last])).toBe(true);
  });

  it('standard deviation and Bollinger bands give bit-identical values for equal windows', () => {
    const sd = stdDevBatch(series, period);
    expect(sd[first]).toBeGreaterThan(0);
    expect(Object.is(sd[first], sd[last])).toBe(true);
    const bb = bollingerBatch(series, period, 2);
    expect(Object.is(bb.upper[first], bb.upper[last])).toBe(true);
  });
});

describe('registry parameters', () => {
  it('fills defaults and refuses out-of-range, fractional or unknown parameters with a clear message', () => {
    expect(resolveParams('bollinger')).toEqual({ period: 20, k: 2 });
    expect(() => resolveParams('rsi', { period: 0 })).toThrow(/Period must be a whole number from 1 to 1000, got 0/);
    expect(() => resolveParams('rsi', { period: 14.5 })).toThrow(/whole number/);
    expect(() => resolveParams('rsi', { length: 14 })).toThrow(/has no parameter "length"/);
    expect(() => resolveParams('macd', { fast: 30, slow: 26 })).toThrow(/Fast EMA \(30\) must be shorter/);
    expect(() => resolveParams('nope')).toThrow(/Unknown indicator "nope"/);
  });

  it('describes every indicator with outputs, inputs and a pane', () => {
    for (const m of INDICATORS) {
      expect(m.outputs.length).toBeGreaterThan(0);
      for (const p of m.params) expect(p.default >= p.min && p.default <= p.max).toBe(true);
    }
    expect(new Set(INDICATORS.map((m) => m.id)).size).toBe(INDICATORS.length);
  });

  it('refuses a pair indicator without a benchmark', () => {
    expect(() => computeIndicator('beta', {}, { ...cols, benchmark: undefined })).toThrow(/needs a benchmark/);
  });
});
