import { describe, expect, it } from 'vitest';
import { adfTest } from '../../../../src-main/kernel/stats/adf.js';
import { engleGranger } from '../../../../src-main/kernel/stats/engle-granger.js';
import { mackinnonCritical, mackinnonP } from '../../../../src-main/kernel/stats/mackinnon.js';
import { ar1, normals } from './random.js';

describe('MacKinnon p-values and critical values', () => {
  it('match the p-values Stata reports for two ADF statistics (statsmodels test_stattools, TestADFConstant and TestADFConstant2)', () => {
    expect(mackinnonP(-4.3346988, 1)).toBeCloseTo(0.00038661, 6);
    expect(mackinnonP(0.97505319, 1)).toBeCloseTo(0.99399563, 6);
  });

  it('critical values for 198 observations match the same tests (-3.476, -2.883, -2.573) to their tolerance', () => {
    // Stata's critical values come from Fuller's older table, so statsmodels checks its MacKinnon (2010) values
    // against them only to 1.5e-2 (assert_almost_equal, decimal=2); the same here.
    const c = mackinnonCritical(1, 198);
    expect(Math.abs(c['1%'] + 3.476)).toBeLessThan(0.015);
    expect(Math.abs(c['5%'] + 2.883)).toBeLessThan(0.015);
    expect(Math.abs(c['10%'] + 2.573)).toBeLessThan(0.015);
  });

  it('the 1994 p-value surface read at the 2010 asymptotic critical values gives back about 1%, 5% and 10% (two independent tables)', () => {
    for (const n of [1, 2, 3]) {
      const c = mackinnonCritical(n);
      expect(mackinnonP(c['1%'], n)).toBeCloseTo(0.01, 2);
      expect(Math.abs(mackinnonP(c['5%'], n) - 0.05)).toBeLessThan(0.006);
      expect(Math.abs(mackinnonP(c['10%'], n) - 0.1)).toBeLessThan(0.01);
    }
  });
});

describe('adfTest', () => {
  it('with no lags the statistic is the t-ratio of the Dickey-Fuller regression, computed here by the closed form', () => {
    const y = ar1(300, 0.95, 1, 4, 5);
    const r = adfTest(y, { lags: 0 })!;
    const dy = y.slice(1).map((v, i) => v - y[i]!);
    const lag = y.slice(0, -1);
    const mx = lag.reduce((s, v) => s + v, 0) / lag.length;
    const my = dy.reduce((s, v) => s + v, 0) / dy.length;
    const sxx = lag.reduce((s, v) => s + (v - mx) ** 2, 0);
    const g = lag.reduce((s, v, i) => s + (v - mx) * (dy[i]! - my), 0) / sxx;
    const a = my - g * mx;
    const ssr = dy.reduce((s, v, i) => s + (v - a - g * lag[i]!) ** 2, 0);
    const se = Math.sqrt(ssr / (dy.length - 2) / sxx);
    expect(r.stat).toBeCloseTo(g / se, 10);
    expect(r.nobs).toBe(299);
  });

  it('Monte Carlo: on random walks it rejects at 5% about 5% of the time; on AR(1) 0.8 nearly always', () => {
    let rejectedWalks = 0;
    let rejectedAr = 0;
    const sims = 1500;
    for (let s = 0; s < sims; s++) {
      if (adfTest(ar1(250, 1, 1, 1000 + s), { lags: 0 })!.pValue < 0.05) rejectedWalks++;
      if (adfTest(ar1(250, 0.8, 1, 9000 + s), { lags: 0 })!.pValue < 0.05) rejectedAr++;
    }
    expect(rejectedWalks / sims).toBeGreaterThan(0.03);
    expect(rejectedWalks / sims).toBeLessThan(0.07);
    expect(rejectedAr / sims).toBeGreaterThan(0.98);
  });

  it('picks lags by AIC: an AR(2) in differences needs at least one lag', () => {
    const z = normals(12);
    const y = [0, 0];
    for (let i = 2; i < 1000; i++) y.push(y[i - 1]! + 0.6 * (y[i - 1]! - y[i - 2]!) + z());
    const r = adfTest(y)!;
    expect(r.lags).toBeGreaterThanOrEqual(1);
    expect(r.pValue).toBeGreaterThan(0.05);
  });
});

describe('engleGranger', () => {
  it('finds a built cointegrated pair and its hedge ratio', () => {
    const x = ar1(500, 1, 1, 21, 50);
    const noise = ar1(500, 0.7, 0.5, 22);
    const y = x.map((v, i) => 3 + 1.5 * v + noise[i]!);
    const r = engleGranger(y, x)!;
    expect(r.beta).toBeCloseTo(1.5, 1);
    expect(r.adf.pValue).toBeLessThan(0.01);
  });

  it('Monte Carlo: two independent random walks pass at 5% about 5% of the time with the two-series table, far more often with the one-series table', () => {
    let twoSeries = 0;
    let oneSeries = 0;
    const sims = 1000;
    for (let s = 0; s < sims; s++) {
      const r = engleGranger(ar1(250, 1, 1, 3000 + s), ar1(250, 1, 1, 7000 + s), { lags: 0 })!;
      if (r.adf.pValue < 0.05) twoSeries++;
      if (mackinnonP(r.adf.stat, 1) < 0.05) oneSeries++;
    }
    expect(twoSeries / sims).toBeGreaterThan(0.025);
    expect(twoSeries / sims).toBeLessThan(0.08);
    expect(oneSeries / sims).toBeGreaterThan(0.12);
  });
});

describe('selectPairs', () => {
  it('keeps the built cointegrated pair among unrelated walks, with its half-life and crossing count', async () => {
    const { selectPairs } = await import('../../../../src-main/kernel/stats/pair-selection.js');
    const x = ar1(500, 1, 0.01, 51, 4);
    const noise = ar1(500, 0.85, 0.01, 52);
    const series = new Map<string, number[]>([
      ['AAA', x],
      ['BBB', x.map((v, i) => 0.2 + 0.9 * v + noise[i]!)],
      ['CCC', ar1(500, 1, 0.01, 53, 3)],
      ['DDD', ar1(500, 1, 0.01, 54, 5)],
    ]);
    const pairs = selectPairs(series, { maxPValue: 0.05, minHalfLife: 1, maxHalfLife: 60, minCrossingsPerYear: 12, periodsPerYear: 252 });
    expect(pairs.map((p) => [p.y, p.x].sort().join('/'))).toContain('AAA/BBB');
    const ab = pairs.find((p) => [p.y, p.x].sort().join('/') === 'AAA/BBB')!;
    // AR(1) 0.85 noise: half-life ln 2 / -ln 0.85 = 4.3 bars.
    expect(ab.halfLife).toBeGreaterThan(2.5);
    expect(ab.halfLife).toBeLessThan(7);
    expect(ab.crossingsPerYear).toBeGreaterThan(12);
    // Stricter filters drop it: the half-life bound and the crossing count are applied.
    expect(selectPairs(series, { maxPValue: 0.05, minHalfLife: 10, maxHalfLife: 60, minCrossingsPerYear: 12, periodsPerYear: 252 })).toEqual(
      pairs.filter((p) => p.halfLife >= 10),
    );
    expect(selectPairs(series, { maxPValue: 0.05, minHalfLife: 1, maxHalfLife: 60, minCrossingsPerYear: 500, periodsPerYear: 252 })).toEqual([]);
  });
});
