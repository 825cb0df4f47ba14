import { describe, expect, it } from 'vitest';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { ledoitWolf, sampleCovariance } from '../../../src-main/discovery/portfolio/covariance.js';
import { hierarchicalRiskParity } from '../../../src-main/discovery/portfolio/hrp.js';
import { meanVariance, meanVarianceClosedForm, riskParity } from '../../../src-main/discovery/portfolio/optimisers.js';
import { annealSelectK, assetSelectionQubo, quboValue } from '../../../src-main/discovery/portfolio/select-k.js';
import { bounds, limitTurnover, portfolioVariance, projectOntoBox, riskContributions } from '../../../src-main/discovery/portfolio/weights.js';

/** Correlated returns from a seeded generator: a market factor plus noise, `p` assets over `n` periods. */
function returns(n: number, p: number, seed: number): number[][] {
  const rand = prng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const beta = Array.from({ length: p }, () => 0.5 + rand());
  const vol = Array.from({ length: p }, () => 0.005 + 0.02 * rand());
  return Array.from({ length: n }, () => {
    const m = 0.01 * normal();
    return beta.map((b, j) => 0.0003 * (j + 1) + b * m + vol[j]! * normal());
  });
}

describe('Ledoit-Wolf shrinkage', () => {
  it('matches scikit-learn\'s formula computed independently (numpy, vectorised algebra) on a small sample', () => {
    const x = [
      [0.0, 0.006, -0.0055],
      [-0.0178, -0.0091, -0.0198],
      [0.0012, 0.0268, -0.0098],
      [-0.0124, 0.0098, 0.0071],
      [0.0021, -0.0186, -0.0006],
      [0.0139, -0.0269, -0.0092],
    ];
    // Reference: ledoit_wolf_shrinkage's algebra in numpy (X2 = Xc**2; beta_ = sum(X2.T @ X2); delta_ = sum((Xc.T @ Xc)**2) / n**2; ...).
    const expected = [
      [0.00015064820893774726, -1.7806712640226532e-5, 2.0219987602932263e-6],
      [-1.7806712640226532e-5, 0.00021564218351239695, 6.666763220236035e-6],
      [2.0219987602932263e-6, 6.666763220236035e-6, 0.00013966849643874473],
    ];
    const shrunk = ledoitWolf(x);
    expect(shrunk.shrinkage).toBeCloseTo(0.7083655634192462, 12);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(shrunk.matrix[i * 3 + j]).toBeCloseTo(expected[i]![j]!, 15);
  });

  it('shrinks little with many periods and much with few, and never leaves the sample covariance singular', () => {
    const many = ledoitWolf(returns(5000, 5, 1));
    const few = ledoitWolf(returns(12, 30, 1));
    expect(many.shrinkage).toBeLessThan(0.05);
    expect(few.shrinkage).toBeGreaterThan(0.3);
    // 12 periods of 30 assets: the sample covariance has rank 11; the shrunk one is invertible (risk parity needs it).
    const w = riskParity(few.matrix, 30);
    expect(w.every((v) => v > 0)).toBe(true);
    expect(sampleCovariance(returns(12, 30, 1))).toHaveLength(900);
  });
});

describe('mean-variance', () => {
  const cov = ledoitWolf(returns(500, 6, 3)).matrix;
  const mu = [0.0004, 0.0001, 0.0006, 0.0002, 0.0003, -0.0001];

  it('meets the closed form when its bounds do not bind', () => {
    const closed = meanVarianceClosedForm(cov, 6, mu, 50);
    const solved = meanVariance({ cov, size: 6, expected: mu, riskAversion: 50, bounds: bounds(6, { lower: -10, upper: 10 }) });
    for (let i = 0; i < 6; i++) expect(solved[i]).toBeCloseTo(closed[i]!, 8);
    expect(closed.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('minimum variance of two assets, long only: the textbook weights, and 0 where the formula goes negative', () => {
    // var 0.04 and 0.09, covariance 0.018: w1 = (0.09 - 0.018) / (0.04 + 0.09 - 0.036).
    const two = Float64Array.from([0.04, 0.018, 0.018, 0.09]);
    const w = meanVariance({ cov: two, size: 2, bounds: bounds(2) });
    expect(w[0]).toBeCloseTo(0.072 / 0.094, 10);
    // Correlation 0.9 with very different volatilities: the unconstrained answer shorts the riskier asset.
    const skew = Float64Array.from([0.01, 0.027, 0.027, 0.09]);
    const clipped = meanVariance({ cov: skew, size: 2, bounds: bounds(2) });
    expect(clipped[0]).toBeCloseTo(1, 10);
    expect(clipped[1]).toBeCloseTo(0, 10);
    expect(meanVarianceClosedForm(skew, 2, [0, 0], 1)[1]).toBeLessThan(0);
  });

  it('keeps position limits, and no other weights with the same limits have a better objective', () => {
    const b = bounds(6, { upper: 0.3 });
    const w = meanVariance({ cov, size: 6, expected: mu, riskAversion: 20, bounds: b });
    expect(w.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    for (const v of w) {
      expect(v).toBeGreaterThanOrEqual(-1e-12);
      expect(v).toBeLessThanOrEqual(0.3 + 1e-12);
    }
    const objective = (x: ArrayLike<number>): number => {
      let r = 0;
      for (let i = 0; i < 6; i++) r += x[i]! * mu[i]!;
      return r - 10 * portfolioVariance(cov, 6, x);
    };
    const rand = prng(5);
    for (let trial = 0; trial < 500; trial++) {
      const other = projectOntoBox(Array.from({ length: 6 }, () => rand()), b);
      expect(objective(other)).toBeLessThanOrEqual(objective(w) + 1e-12);
    }
  });

  it('refuses limits no weights can meet', () => {
    expect(() => bounds(3, { upper: 0.2 })).toThrow(/raise the position limit or add assets/);
  });
});

describe('risk parity and hierarchical risk parity', () => {
  it('risk parity: inverse volatility for uncorrelated assets, equal risk contributions in general', () => {
    const diag = Float64Array.from([0.04, 0, 0, 0, 0.01, 0, 0, 0, 0.09]);
    const w = riskParity(diag, 3);
    const inv = [1 / 0.2, 1 / 0.1, 1 / 0.3];
    const total = inv.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 3; i++) expect(w[i]).toBeCloseTo(inv[i]! / total, 10);
    const cov = ledoitWolf(returns(400, 8, 9)).matrix;
    const rc = riskContributions(cov, 8, riskParity(cov, 8));
    for (const c of rc) expect(c).toBeCloseTo(1 / 8, 9);
  });

  it('HRP: inverse variance for uncorrelated assets; two equal uncorrelated blocks get half each, their members kept together', () => {
    const diag = Float64Array.from([0.04, 0, 0, 0, 0.01, 0, 0, 0, 0.09]);
    const { weights } = hierarchicalRiskParity(diag, 3);
    const iv = [25, 100, 1 / 0.09];
    const s = iv.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 3; i++) expect(weights[i]).toBeCloseTo(iv[i]! / s, 12);
    // Assets 0, 2 correlated 0.8 (block A); 1, 3 correlated 0.8 (block B); no correlation across; all variance 0.04.
    const p = 4;
    const cov = new Float64Array(16);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cov[i * p + j] = i === j ? 0.04 : i % 2 === j % 2 ? 0.032 : 0;
    const hrp = hierarchicalRiskParity(cov, p);
    expect(hrp.weights[0]! + hrp.weights[2]!).toBeCloseTo(0.5, 12);
    expect(hrp.weights[1]! + hrp.weights[3]!).toBeCloseTo(0.5, 12);
    const at = (i: number): number => hrp.order.indexOf(i);
    expect(Math.abs(at(0) - at(2))).toBe(1);
    expect(Math.abs(at(1) - at(3))).toBe(1);
  });
});

describe('K of N selection by simulated annealing', () => {
  function bruteForce(problem: ReturnType<typeof assetSelectionQubo>, k: number): number {
    const n = problem.size;
    let best = Infinity;
    for (let mask = 0; mask < 1 << n; mask++) {
      let count = 0;
      for (let v = mask; v; v &= v - 1) count++;
      if (count !== k) continue;
      const x = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
      best = Math.min(best, quboValue(problem, x));
    }
    return best;
  }

  for (const [seed, k] of [
    [1, 5],
    [2, 7],
    [3, 4],
  ] as const) {
    it(`finds the brute-forced optimum of 14 assets choose ${k} (seed ${seed})`, () => {
      const r = returns(300, 14, seed);
      const cov = ledoitWolf(r).matrix;
      const mu = Array.from({ length: 14 }, (_, j) => r.reduce((a, row) => a + row[j]!, 0) / r.length);
      const problem = assetSelectionQubo(cov, 14, mu, k, 5);
      const found = annealSelectK(problem, k, { seed });
      expect(found.chosen.reduce((a, b) => a + b, 0)).toBe(k);
      expect(found.value).toBeCloseTo(bruteForce(problem, k), 14);
    });
  }

  it('handles an asymmetric Q as written', () => {
    const rand = prng(8);
    const n = 10;
    const q = Float64Array.from({ length: n * n }, () => rand() - 0.5);
    const c = Float64Array.from({ length: n }, () => rand() - 0.5);
    const problem = { q, c, size: n };
    expect(annealSelectK(problem, 3, { seed: 4 }).value).toBeCloseTo(bruteForce(problem, 3), 12);
  });
});

describe('turnover', () => {
  it('moves only part of the way when the full move trades too much, staying within the limits', () => {
    const current = [0.5, 0.5, 0, 0];
    const target = Float64Array.from([0, 0.25, 0.25, 0.5]);
    const limited = limitTurnover(target, current, 0.5);
    expect(limited.capped).toBe(true);
    const traded = limited.weights.reduce((a, w, i) => a + Math.abs(w - current[i]!), 0);
    expect(traded).toBeCloseTo(0.5, 12);
    expect(limited.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(limitTurnover(target, current, 2).weights).toBe(target);
  });
});
