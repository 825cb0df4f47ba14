import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../../../src-main/kernel/indicators/exact-sum.js';
import { RollingMoments } from '../../../../src-main/kernel/indicators/rolling-moments.js';
import { Sma } from '../../../../src-main/kernel/indicators/sma.js';
import { DAILY_FILES, loadDaily } from './series.js';

/**
 * The definition, computed from scratch for one window: round(sum x) / n and round(n*sum x^2 - (sum x)^2) / n^2,
 * each sum exact (Shewchuk expansions), as RollingMoments computed them before it ran double-double sums.
 */
function byDefinition(window: ArrayLike<number>): { mean: number; variance: number } {
  const n = window.length;
  const s1 = new ExactSum();
  const s2 = new ExactSum();
  for (let i = 0; i < n; i++) {
    s1.add(window[i]!);
    s2.addProduct(window[i]!, window[i]!);
  }
  const d = new ExactSum();
  d.addScaled(s2, n);
  d.addSquareOf(s1, -1);
  const v = d.value();
  return { mean: s1.value() / n, variance: v > 0 ? v / (n * n) : 0 };
}

/** Streams `xs` through RollingMoments(period) and checks mean and variance against the definition at every full window. */
function checkSeries(xs: ArrayLike<number>, period: number, label: string): RollingMoments {
  const m = new RollingMoments(period);
  let checked = 0;
  for (let i = 0; i < xs.length; i++) {
    m.push(xs[i]!);
    if (i + 1 < period) {
      expect(m.valid).toBe(false);
      continue;
    }
    const window = Array.from({ length: period }, (_, k) => xs[i + 1 - period + k]!);
    if (!window.every(Number.isFinite)) {
      expect(m.valid, `${label} at ${i}`).toBe(false);
      continue;
    }
    expect(m.valid).toBe(true);
    const want = byDefinition(window);
    // Bit for bit: Object.is also tells 0 from -0.
    if (!Object.is(m.mean(), want.mean)) expect(m.mean(), `${label} mean at ${i}`).toBe(want.mean);
    if (!Object.is(m.variance(), want.variance)) expect(m.variance(), `${label} variance at ${i}`).toBe(want.variance);
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
  return m;
}

describe('RollingMoments: double-double sums with a proven bound give the exact definition at every bar', () => {
  it.each(DAILY_FILES)('%s: closes, one-bar log returns and volumes, windows of 14, 20 and 60', (file) => {
    const d = loadDaily(file);
    const logReturns = Float64Array.from({ length: d.close.length - 1 }, (_, i) => Math.log(d.close[i + 1]! / d.close[i]!));
    for (const period of [14, 20, 60]) {
      for (const [name, xs] of [['close', d.close], ['log return', logReturns], ['volume', d.volume]] as const) {
        const m = checkSeries(xs, period, `${file} ${name} ${period}`);
        // The fast path answers nearly every bar (else this test would only check the exact fallback).
        expect(m.exactResults, `${file} ${name} ${period}`).toBeLessThan(xs.length / 50);
      }
    }
  });

  it('windows that defeat the fast path: flat, huge offsets, integers with exact ties, mixed magnitudes, NaN', () => {
    let seed = 99;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const n = 6_000;
    const cases: Array<[string, Float64Array]> = [
      // A flat stretch (variance exactly 0) between noisy ones.
      ['flat', Float64Array.from({ length: n }, (_, i) => (i % 1000 < 300 ? 42.1 : 42.1 + rand()))],
      // A large level with tiny moves: n*sum(x^2) and sum(x)^2 cancel in all but their last bits.
      ['offset', Float64Array.from({ length: n }, () => 1e7 + Math.round(rand() * 8) / 1024)],
      // Integers around 2^26, whose squares' sums sit on the float64 grid's edge (round-half-even ties).
      ['ties', Float64Array.from({ length: n }, () => 2 ** 26 + Math.floor(rand() * 4))],
      // Magnitudes from 1e-9 to 1e9 side by side.
      ['mixed', Float64Array.from({ length: n }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 19 - 9))],
      // Non-finite values entering and leaving the window, and extreme magnitudes (exact path only).
      ['gaps', Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? Number.NaN : i % 389 === 0 ? 1e200 : i % 401 === 0 ? 1e-200 : rand() * 3 - 1))],
    ];
    for (const [label, xs] of cases) for (const period of [2, 5, 20]) checkSeries(xs, period, `${label} ${period}`);
  });

  it('after reset, starts again from an empty window', () => {
    const m = new RollingMoments(3);
    for (const x of [1e9, 3, 5, 7]) m.push(x);
    m.reset();
    expect(m.valid).toBe(false);
    for (const x of [0.1, 0.2, 0.3]) m.push(x);
    expect(m.mean()).toBe(byDefinition([0.1, 0.2, 0.3]).mean);
    expect(m.variance()).toBe(byDefinition([0.1, 0.2, 0.3]).variance);
  });
});

describe('Sma on the rounded window sum gives the exactly rounded mean at every bar', () => {
  it.each(DAILY_FILES)('%s: closes and volumes, windows of 3 and 50, and windows with NaN', (file) => {
    const d = loadDaily(file);
    const gappy = Float64Array.from(d.close, (c, i) => (i % 211 === 0 ? Number.NaN : c));
    for (const xs of [d.close, d.volume, gappy]) {
      for (const period of [3, 50]) {
        const sma = new Sma(period);
        for (let i = 0; i < xs.length; i++) {
          const got = sma.update(xs[i]!);
          if (i + 1 < period) continue;
          const window = Array.from({ length: period }, (_, k) => xs[i + 1 - period + k]!);
          const want = window.every(Number.isFinite) ? byDefinition(window).mean : Number.NaN;
          if (!Object.is(got, want)) expect(got, `${file} ${period} at ${i}`).toBe(want);
        }
      }
    }
  });
});
