import { describe, expect, it } from 'vitest';
import { PcaTracker } from '../../../../src-main/kernel/stats/pca-tracker.js';
import { pcaFactors } from '../../../../src-main/kernel/stats/pca.js';
import { normals } from './random.js';
import { realReturnColumns } from './real-returns.js';

/** The tracker's factors against pcaFactors' full Jacobi decomposition of the n x n correlation matrix. */
function expectSame(got: ReturnType<PcaTracker['fit']>, returns: Float64Array[], k: number): void {
  const want = pcaFactors(returns, k)!;
  expect(got).toBeDefined();
  expect(got!.spectrum).toBe('leading');
  const n = returns[0]!.length;
  for (let j = 0; j < k; j++) {
    expect(Math.abs(got!.values[j]! - want.values[j]!)).toBeLessThan(1e-8 * want.values[0]!);
    expect(got!.explained[j]!).toBeCloseTo(want.explained[j]!, 8);
    // Weights are v / sd: relative to their size, sign included (the same sign rule as Jacobi's).
    const size = want.weights[j]!.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    for (let i = 0; i < n; i++) expect(Math.abs(got!.weights[j]![i]! - want.weights[j]![i]!)).toBeLessThan(1e-8 * size);
  }
}

describe('PcaTracker with more symbols than rows (the Gram matrix path)', () => {
  it('real daily returns, 48 columns over 30 rows: every bar from the Gram matrix directly, agreeing with n x n Jacobi to 1e-8', () => {
    const rows = realReturnColumns(120);
    const n = rows[0]!.length;
    const T = 30;
    const symbols = Array.from({ length: n }, (_, i) => `S${i}`);
    const tracker = new PcaTracker({ fastAbove: 8 });
    const paths: string[] = [];
    for (let b = 0; b < 25; b++) {
      const window = rows.slice(b, b + T);
      const got = tracker.fit(window, 6, symbols);
      paths.push(tracker.lastPath);
      if (b % 6 === 0 || b === 24) expectSame(got, window, 6);
    }
    expect(paths.every((p) => p === 'fast')).toBe(true);
  });

  it('pure noise (no spectral gap, as the scanner benchmark): 15 components of 150 symbols over 70 rows', () => {
    const z = normals(23);
    const n = 150;
    const rows = Array.from({ length: 76 }, () => Float64Array.from({ length: n }, () => 0.02 * z()));
    const symbols = Array.from({ length: n }, (_, i) => `S${i}`);
    const tracker = new PcaTracker({ fastAbove: 8 });
    expectSame(tracker.fit(rows.slice(0, 70), 15, symbols), rows.slice(0, 70), 15);
    expect(tracker.lastPath).toBe('fast');
    expectSame(tracker.fit(rows.slice(6, 76), 15, symbols), rows.slice(6, 76), 15);
    expect(tracker.lastPath).toBe('fast');
  });

  it('a symbol dropped between bars, then a column that never moved (no factors, as pcaFactors says)', () => {
    const rows = realReturnColumns(80);
    const n = rows[0]!.length;
    const symbols = Array.from({ length: n }, (_, i) => `S${i}`);
    const tracker = new PcaTracker({ fastAbove: 8 });
    tracker.fit(rows.slice(0, 30), 6, symbols);
    const fewer = rows.slice(1, 31).map((row) => row.slice(1));
    const got = tracker.fit(fewer, 6, symbols.slice(1));
    expect(tracker.lastPath).toBe('fast');
    expectSame(got, fewer, 6);
    const flat = rows.slice(2, 32).map((row) => Float64Array.from(row, (x, i) => (i === 3 ? 0 : x)));
    expect(tracker.fit(flat, 6, symbols)).toBeUndefined();
  });
});
