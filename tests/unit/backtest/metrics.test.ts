import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src-main/backtest/metrics.js';
import { monteCarlo, percentile } from '../../../src-main/backtest/monte-carlo.js';
import { walkForwardWindows } from '../../../src-main/backtest/walk-forward.js';

const DAY = 86_400_000;

describe('metrics against hand-computed values', () => {
  // Equity 100 -> 110 -> 99 -> 108.9 -> 121: returns +10 %, -10 %, +10 %, +11.111 %.
  const equity = Float64Array.from([100, 110, 99, 108.9, 121]);
  const times = Float64Array.from([0, 1, 2, 3].map((i) => i * 365.25 * DAY));
  const m = computeMetrics({
    equity,
    exposed: Uint8Array.from([1, 1, 0, 0]),
    times,
    trades: [{ pnl: 30 }, { pnl: -10 }, { pnl: 5 }],
    tradedNotional: 218.8,
    commissions: 0,
    periodsPerYear: 1,
  });
  const r = [0.1, -0.1, 0.1, 121 / 108.9 - 1];
  const mean = r.reduce((a, b) => a + b) / 4;
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  it('total return, CAGR over the calendar span (3 years here)', () => {
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
    expect(m.cagr).toBeCloseTo(Math.pow(1.21, 1 / 3) - 1, 12);
  });
  it('volatility, Sharpe and Sortino', () => {
    expect(m.volatility).toBeCloseTo(sd, 12);
    expect(m.sharpe).toBeCloseTo(mean / sd, 12);
    // Downside deviation: sqrt(0.01 / 4) = 0.05.
    expect(m.sortino).toBeCloseTo(mean / 0.05, 12);
  });
  it('max drawdown 10 % (110 -> 99), under water for 2 bars, Calmar = CAGR / 0.1', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdownBars).toBe(2);
    expect(m.calmar).toBeCloseTo((Math.pow(1.21, 1 / 3) - 1) / 0.1, 12);
  });
  it('trade statistics, exposure and turnover', () => {
    expect(m.closedTrades).toBe(3);
    expect(m.winRate).toBeCloseTo(2 / 3, 12);
    expect(m.profitFactor).toBeCloseTo(35 / 10, 12);
    expect(m.expectancy).toBeCloseTo(25 / 3, 12);
    expect(m.exposure).toBe(0.5);
    // Mean equity over the closes: (110 + 99 + 108.9 + 121) / 4 = 109.725.
    expect(m.turnover).toBeCloseTo(218.8 / 109.725, 12);
  });
  it('ratios with a zero denominator are null', () => {
    const flat = computeMetrics({ equity: Float64Array.from([100, 100, 100]), exposed: new Uint8Array(2), times: Float64Array.from([0, DAY]), trades: [], tradedNotional: 0, commissions: 0, periodsPerYear: 252 });
    expect([flat.sharpe, flat.sortino, flat.calmar, flat.winRate, flat.profitFactor, flat.expectancy]).toEqual([null, null, null, null, null, null]);
  });
});

describe('Monte Carlo', () => {
  it('shuffling keeps the final return and only moves the drawdown', () => {
    const mc = monteCarlo({ pnls: [100, -300, 200, -50], startValue: 1000, runs: 500, seed: 7, method: 'shuffle', loss: 0.01 });
    expect(mc.finalReturn.p5).toBeCloseTo(-0.05, 12);
    expect(mc.finalReturn.p95).toBeCloseTo(-0.05, 12);
    expect(mc.probabilityOfLoss).toBe(1);
    // Worst order: -300 and -50 first from the 1000 peak: 35 %; best: 100 then -300 -> 300/1100 = 27.3 %.
    expect(mc.maxDrawdown.p95).toBeLessThanOrEqual(0.35 + 1e-12);
    expect(mc.maxDrawdown.p5).toBeGreaterThanOrEqual(0.05 - 1e-12);
  });
  it('bootstrap is deterministic for a seed and spreads the final return', () => {
    const a = monteCarlo({ pnls: [100, -300, 200, -50], startValue: 1000, runs: 2000, seed: 3, method: 'bootstrap', loss: 0.2 });
    const b = monteCarlo({ pnls: [100, -300, 200, -50], startValue: 1000, runs: 2000, seed: 3, method: 'bootstrap', loss: 0.2 });
    expect(a).toEqual(b);
    expect(a.finalReturn.p5).toBeLessThan(a.finalReturn.p95);
    // Four draws all -300 lose 120 %; P(final <= -20 %) must be between 0 and 1 here.
    expect(a.probabilityOfLoss).toBeGreaterThan(0);
    expect(a.probabilityOfLoss).toBeLessThan(1);
  });
  it('nearest-rank percentile', () => {
    expect(percentile(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 50)).toBe(5);
    expect(percentile(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 95)).toBe(10);
  });
});

describe('walk-forward windows', () => {
  it('rolling and anchored boundaries', () => {
    expect(walkForwardWindows(10, 4, 2, false)).toEqual([
      { isFrom: 0, oosFrom: 4, oosTo: 6 },
      { isFrom: 2, oosFrom: 6, oosTo: 8 },
      { isFrom: 4, oosFrom: 8, oosTo: 10 },
    ]);
    expect(walkForwardWindows(9, 4, 2, true).map((w) => w.isFrom)).toEqual([0, 0, 0]);
    expect(walkForwardWindows(9, 4, 2, true).at(-1)).toEqual({ isFrom: 0, oosFrom: 8, oosTo: 9 });
  });
});
