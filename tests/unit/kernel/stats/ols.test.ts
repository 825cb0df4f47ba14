import { describe, expect, it } from 'vitest';
import { linearFit, ols, ones } from '../../../../src-main/kernel/stats/ols.js';
import { normals } from './random.js';

describe('ols', () => {
  // Anscombe (1973), "Graphs in statistical analysis", The American Statistician 27: four data sets with the same
  // fitted line y = 3.00 + 0.500 x and slope standard error 0.118.
  const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
  const sets = [
    [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68],
    [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74],
    [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73],
  ];
  it.each(sets.map((y, i) => [i + 1, y] as const))("Anscombe's set %i: y = 3.00 + 0.500 x, slope s.e. 0.118", (_i, y) => {
    const r = ols(y, [ones(x.length), x])!;
    expect(r.coef[0]).toBeCloseTo(3.0, 2);
    expect(r.coef[1]).toBeCloseTo(0.5, 3);
    expect(r.stderr[1]).toBeCloseTo(0.118, 3);
    expect(linearFit(y, x)!.beta).toBe(r.coef[1]);
  });

  it('two regressors: the coefficient equals the Frisch-Waugh-Lovell two-step estimate (a second method)', () => {
    const z = normals(9);
    const n = 400;
    const x1 = Array.from({ length: n }, () => z());
    const x2 = x1.map((v) => 0.6 * v + z());
    const y = x1.map((v, i) => 1 + 2 * v - 0.7 * x2[i]! + 0.5 * z());
    const full = ols(y, [ones(n), x1, x2])!;
    // FWL: residualise y and x2 on [1, x1], then regress residual on residual.
    const ry = ols(y, [ones(n), x1])!.residuals;
    const rx = ols(x2, [ones(n), x1])!.residuals;
    const slope = ry.reduce((s, v, i) => s + v * rx[i]!, 0) / rx.reduce((s, v) => s + v * v, 0);
    expect(full.coef[2]).toBeCloseTo(slope, 10);
    expect(full.coef[1]).toBeCloseTo(2, 1);
  });

  it('refuses collinear regressors', () => {
    const a = [1, 2, 3, 4, 5];
    expect(ols([1, 2, 3, 4, 6], [ones(5), a, a.map((v) => 2 * v)])).toBeUndefined();
  });
});
