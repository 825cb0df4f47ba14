import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../../../src-main/kernel/stats/linalg.js';
import { pcaFactors } from '../../../../src-main/kernel/stats/pca.js';
import { sScore } from '../../../../src-main/kernel/stats/s-score.js';
import { normals } from './random.js';

describe('pcaFactors', () => {
  it('the equicorrelation matrix has eigenvalues 1 + (n - 1) rho and 1 - rho (closed form)', () => {
    const n = 6;
    const rho = 0.4;
    const c = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : rho)));
    const { values } = symmetricEigen(c);
    expect(values[0]).toBeCloseTo(1 + (n - 1) * rho, 12);
    for (let i = 1; i < n; i++) expect(values[i]).toBeCloseTo(1 - rho, 12);
  });

  it('one common factor: the first component explains most of the variance and its portfolio tracks the factor', () => {
    const z = normals(41);
    const n = 10;
    const t = 500;
    const factor = Array.from({ length: t }, () => 0.01 * z());
    const returns = factor.map((f) => Array.from({ length: n }, (_, i) => (0.5 + i / n) * f + 0.003 * z()));
    const p = pcaFactors(returns, 2)!;
    expect(p.values.reduce((s, v) => s + v, 0)).toBeCloseTo(n, 8);
    expect(p.explained[0]).toBeGreaterThan(0.8);
    const f1 = p.factorReturns[0]!;
    const corr = correlation(f1, factor);
    expect(Math.abs(corr)).toBeGreaterThan(0.99);
    // The factor return is the weights applied to the raw returns.
    expect(f1[7]).toBeCloseTo(p.weights[0]!.reduce((s, w, i) => s + w * returns[7]![i]!, 0), 12);
  });

  it('refuses a symbol that never moved', () => {
    expect(pcaFactors([[0.01, 0], [0.02, 0], [-0.01, 0]], 1)).toBeUndefined();
  });
});

describe('sScore (Avellaneda-Lee)', () => {
  it('Monte Carlo: a residual built as an OU process with kappa = 25 a year is recovered, and a residual pushed down reads s < -1.25', () => {
    const z = normals(42);
    const days = 60;
    const factor = Array.from({ length: days }, () => 0.01 * z());
    // Residual level X follows an AR(1) with b = exp(-25/252); returns are beta * factor + dX.
    const b = Math.exp(-25 / 252);
    let kappaSum = 0;
    let runs = 0;
    let lowS = 0;
    let lowControl = 0;
    for (let s = 0; s < 200; s++) {
      const x = [0];
      for (let i = 1; i <= days; i++) x.push(b * x[i - 1]! + 0.01 * z());
      // Push the last residual 3 stationary deviations below the mean.
      const sigmaEq = 0.01 / Math.sqrt(1 - b * b);
      const control = sScore(factor.map((f, i) => 1.2 * f + x[i + 1]! - x[i]!), [factor]);
      if (control && control.s < -1.25) lowControl++;
      x[days] = -3 * sigmaEq;
      const r = factor.map((f, i) => 1.2 * f + x[i + 1]! - x[i]!);
      const score = sScore(r, [factor]);
      if (!score) continue;
      runs++;
      kappaSum += score.kappa;
      if (score.s < -1.25) lowS++;
    }
    expect(runs).toBeGreaterThan(150);
    // 60 points estimate kappa with an upward small-sample bias; the average lands in the right range.
    expect(kappaSum / runs).toBeGreaterThan(10);
    expect(kappaSum / runs).toBeLessThan(120);
    // The regression's intercept absorbs part of the push (the cumulative residual always ends at 0, so s is
    // -m / sigma_eq as in the paper): most pushed residuals, and few of the same paths unpushed, read s < -1.25.
    expect(lowS / runs).toBeGreaterThan(0.6);
    expect(lowControl / runs).toBeLessThan(0.25);
  });
});

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
