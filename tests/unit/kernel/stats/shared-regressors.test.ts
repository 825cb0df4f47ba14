import { describe, expect, it } from 'vitest';
import { linearFit, linearFitFromSums, ols, ones, SharedRegressors } from '../../../../src-main/kernel/stats/ols.js';
import { sScore, sScoreRegressors, sScoreShared } from '../../../../src-main/kernel/stats/s-score.js';
import { normals } from './random.js';

/**
 * The shortcuts the arbitrage strategies take (one X'X for many regressions on the same regressors; a pair's sums
 * shared between its two orders) must give the general path's numbers to the last bit: the orders of a backtest
 * turn on these values (thresholds, reasons printed to two decimals), and the goldens pin the orders.
 */
describe('shared regressions equal the general ones bit for bit', () => {
  const z = normals(11);
  const n = 60;
  const factors = Array.from({ length: 4 }, () => Array.from({ length: n }, () => 0.01 * z()));

  it('SharedRegressors.fit(y) is ols(y, columns) for every y', () => {
    const columns = [ones(n), ...factors];
    const shared = new SharedRegressors(columns);
    for (let k = 0; k < 5; k++) {
      const y = factors[0]!.map((f, i) => 0.8 * f - 0.3 * factors[2]![i]! + 0.005 * z());
      expect(shared.fit(y)).toEqual(ols(y, columns));
    }
  });

  it('sScoreShared is sScore, symbol by symbol', () => {
    const regressors = sScoreRegressors(factors, n);
    let scored = 0;
    for (let k = 0; k < 8; k++) {
      let x = 0;
      const returns = factors[1]!.map((f) => {
        const step = -0.2 * x + 0.01 * z();
        x += step;
        return 1.1 * f + step;
      });
      const shared = sScoreShared(returns, regressors);
      expect(shared).toEqual(sScore(returns, factors));
      if (shared) scored++;
    }
    expect(scored).toBeGreaterThan(0);
  });

  it('linearFitFromSums with index-order sums is linearFit', () => {
    const x = Array.from({ length: 252 }, () => 3 + 0.2 * z());
    const y = x.map((v) => 0.5 + 1.3 * v + 0.05 * z());
    let s00 = 0, s10 = 0, s11 = 0, sy0 = 0, sy1 = 0;
    for (let i = 0; i < x.length; i++) {
      s00 += 1;
      s10 += x[i]!;
      s11 += x[i]! * x[i]!;
      sy0 += y[i]!;
      sy1 += x[i]! * y[i]!;
    }
    expect(linearFitFromSums(y, x, s00, s10, s11, sy0, sy1)).toEqual(linearFit(y, x));
    expect(linearFit(y, x)!.beta).toBe(ols(y, [ones(x.length), x])!.coef[1]);
  });

  it('a regressor set too short or collinear gives no fit, as ols does', () => {
    expect(new SharedRegressors([ones(3), [1, 2, 3], [2, 4, 6]]).fit([1, 2, 3])).toBeUndefined();
    expect(ols([1, 2, 3], [ones(3), [1, 2, 3], [2, 4, 6]])).toBeUndefined();
  });
});
