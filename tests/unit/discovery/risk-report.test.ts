import { describe, expect, it } from 'vitest';
import { beta, correlationMatrix, drawdown, historicalVarEs, simpleReturns } from '../../../src-main/discovery/risk-report/risk-math.js';
import { alignedDailyReturns, attributeBySource, buildRiskReport, type DailyCloses } from '../../../src-main/discovery/risk-report/risk-report.js';
import { planRebalance } from '../../../src-main/discovery/risk-report/rebalance.js';
import { ledoitWolf } from '../../../src-main/discovery/portfolio/covariance.js';

const DAY = 86_400_000;

/** Closes from returns, starting at `start`. */
function closesFrom(returns: number[], start = 100): DailyCloses {
  const c = [start];
  for (const r of returns) c.push(c.at(-1)! * (1 + r));
  return { t: c.map((_, i) => i * DAY), c };
}

describe('historical VaR and expected shortfall', () => {
  // 40 outcomes: -0.10, -0.06 and then 38 small gains; at 95% the tail is ceil(40 x 0.05) = 2 days.
  const outcomes = [0.01, -0.06, ...Array.from({ length: 37 }, (_, i) => 0.001 * (i + 1)), -0.1];
  it('takes the k-th worst day as VaR and the mean of the k worst as ES', () => {
    const at95 = historicalVarEs(outcomes, 0.95);
    expect(at95.tailDays).toBe(2);
    expect(at95.var).toBeCloseTo(0.06, 12);
    expect(at95.es).toBeCloseTo(0.08, 12);
    // At 99% ceil(0.4) = 1 day: the worst day for both.
    const at99 = historicalVarEs(outcomes, 0.99);
    expect(at99.var).toBeCloseTo(0.1, 12);
    expect(at99.es).toBeCloseTo(0.1, 12);
  });
  it('on 200 days at 99% uses the two worst and ES is never below VaR', () => {
    const days = Array.from({ length: 200 }, (_, i) => (i - 100) / 1000);
    const r = historicalVarEs(days, 0.99);
    expect(r.tailDays).toBe(2);
    expect(r.var).toBeCloseTo(0.099, 12);
    expect(r.es).toBeCloseTo(0.0995, 12);
    expect(r.es).toBeGreaterThanOrEqual(r.var);
  });
});

describe('beta, correlation and drawdown', () => {
  it('beta is the OLS slope: 0.6 for the hand-worked case, 2 for y = 2x + 1', () => {
    // mean 2.5 each; sum of cross deviations 3, of squared x deviations 5.
    expect(beta([2, 1, 4, 3], [1, 2, 3, 4])).toBeCloseTo(0.6, 12);
    expect(beta([3, 5, 7, 9, 11], [1, 2, 3, 4, 5])).toBeCloseTo(2, 12);
    expect(Number.isNaN(beta([1, 2, 3], [1, 1, 1]))).toBe(true);
  });
  it('correlation matches the hand computation and is symmetric with a unit diagonal', () => {
    const m = correlationMatrix([
      [1, 2, 3, 4],
      [2, 1, 4, 3],
      [4, 3, 2, 1],
    ]);
    expect(m[0]![1]).toBeCloseTo(0.6, 12); // 3 / sqrt(5 x 5)
    expect(m[1]![0]).toBeCloseTo(0.6, 12);
    expect(m[0]![2]).toBeCloseTo(-1, 12);
    expect(m[1]![2]).toBeCloseTo(-0.6, 12);
    expect(m[2]![2]).toBe(1);
  });
  it('drawdown is the largest fall from a running peak, and the fall now', () => {
    const dd = drawdown([100, 120, 90, 110, 60, 80]);
    expect(dd.max).toBeCloseTo(0.5, 12);
    expect(dd.current).toBeCloseTo(1 / 3, 12);
    expect(drawdown([1, 2, 3]).max).toBe(0);
  });
  it('simple returns', () => {
    const r = simpleReturns([100, 110, 99]);
    expect(r).toHaveLength(2);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeCloseTo(-0.1, 12);
  });
});

describe('the risk report', () => {
  // SPY's returns, and two stocks: A = 1.5 x SPY exactly, B = -0.5 x SPY plus a constant.
  const spy = Array.from({ length: 60 }, (_, i) => 0.01 * Math.sin(i * 1.7) + 0.002 * Math.cos(i * 0.3));
  const closes = new Map<string, DailyCloses>([
    ['SPY', closesFrom(spy)],
    ['A', closesFrom(spy.map((r) => 1.5 * r))],
    ['B', closesFrom(spy.map((r) => -0.5 * r + 0.001))],
  ]);
  const report = buildRiskReport({
    holdings: [
      { symbol: 'A', qty: 100, value: 6000, sector: 'technology', kind: 'stock' },
      { symbol: 'B', qty: -50, value: -2000, sector: 'energy', kind: 'stock' },
      { symbol: 'C', qty: 10, value: 1000, sector: 'technology', kind: 'stock' },
      { symbol: 'A260116C00100000', qty: 2, value: 500, sector: 'technology', kind: 'option' },
    ],
    closes,
    benchmark: 'SPY',
    window: 250,
    bySource: [
      { source: 'bot:m1', symbol: 'A', qty: 60 },
      { source: 'ticket', symbol: 'A', qty: 40 },
      { source: 'ticket', symbol: 'B', qty: -50 },
    ],
    marks: new Map([
      ['A', 60],
      ['B', 40],
    ]),
    greeks: [{ symbol: 'A260116C00100000', qty: 2, delta: 0.5, gamma: 0.02, theta: -0.05, vega: 0.1, underlyingPrice: 60 }],
    equity: 10_000,
  });

  it('groups exposure by direction, sector and source', () => {
    expect(report.direction).toEqual({ long: 7500, short: 2000, net: 5500, gross: 9500 });
    const tech = report.bySector.find((r) => r.key === 'technology')!;
    expect(tech.net).toBe(7500);
    expect(report.bySector.find((r) => r.key === 'energy')!.short).toBe(2000);
    expect(report.byBot.find((r) => r.key === 'bot:m1')!.net).toBe(3600);
    const ticket = report.byBot.find((r) => r.key === 'ticket')!;
    expect(ticket).toMatchObject({ long: 2400, short: 2000, net: 400, gross: 4400 });
    expect(report.bySymbol.find((r) => r.key === 'A')!.weight).toBeCloseTo(0.6, 12);
  });

  it('beta per holding from the regression, the portfolio beta the value-weighted sum over equity', () => {
    expect(report.bySymbol.find((r) => r.key === 'A')!.beta).toBeCloseTo(1.5, 9);
    expect(report.bySymbol.find((r) => r.key === 'B')!.beta).toBeCloseTo(-0.5, 9);
    expect(report.bySymbol.find((r) => r.key === 'C')!.beta).toBeNull();
    expect(report.beta.portfolio).toBeCloseTo((6000 * 1.5 + -2000 * -0.5) / 10_000, 9);
    expect(report.notes.join(' ')).toMatch(/C: no daily history/);
  });

  it('VaR is the historical loss of today\'s holdings over the window', () => {
    expect(report.days).toBe(60);
    const pnl = spy.map((r) => 6000 * 1.5 * r - 2000 * (-0.5 * r + 0.001));
    const worst = [...pnl].sort((a, b) => a - b);
    expect(report.var.p95!.var).toBeCloseTo(-worst[2]!, 6); // ceil(60 x 0.05) = 3rd worst
    expect(report.var.p95!.es).toBeCloseTo(-(worst[0]! + worst[1]! + worst[2]!) / 3, 6);
    expect(report.var.p99!.var).toBeCloseTo(-worst[0]!, 6);
  });

  it('correlations of the holdings and the greeks in dollars', () => {
    expect(report.correlation.symbols).toEqual(['A', 'B']);
    expect(report.correlation.matrix[0]![1]).toBeCloseTo(-1, 9);
    // 2 contracts x 100 shares: delta 0.5 x 200 x $60; gamma 0.02 x 200 x 60^2 x 1%; theta, vega per contract share x 200.
    expect(report.greeks.delta).toBeCloseTo(6000, 9);
    expect(report.greeks.gamma).toBeCloseTo(144, 9);
    expect(report.greeks.theta).toBeCloseTo(-10, 9);
    expect(report.greeks.vega).toBeCloseTo(20, 9);
  });

  it('attributes holdings to the sources whose fills made them, the rest to outside the journal', () => {
    const rows = attributeBySource(
      [
        { source: 'bot:a', symbol: 'X', side: 'buy', qty: 10 },
        { source: 'ticket', symbol: 'X', side: 'buy', qty: 5 },
        { source: 'bot:a', symbol: 'X', side: 'sell', qty: 4 },
        { source: 'ticket', symbol: 'Y', side: 'buy', qty: 3 },
        { source: 'ticket', symbol: 'Y', side: 'sell', qty: 3 },
      ],
      [
        { symbol: 'X', qty: 20 },
        { symbol: 'Z', qty: -7 },
      ],
    );
    expect(rows).toEqual([
      { source: 'bot:a', symbol: 'X', qty: 6 },
      { source: 'ticket', symbol: 'X', qty: 5 },
      { source: 'outside the journal', symbol: 'X', qty: 9 },
      { source: 'outside the journal', symbol: 'Z', qty: -7 },
    ]);
  });

  it('aligns histories on common dates only', () => {
    const a: DailyCloses = { t: [0, DAY, 2 * DAY, 3 * DAY], c: [1, 2, 4, 8] };
    const b: DailyCloses = { t: [0, 2 * DAY, 3 * DAY], c: [10, 20, 10] };
    const out = alignedDailyReturns(['A', 'B'], new Map([['A', a], ['B', b]]), 250);
    expect(out.times).toEqual([2 * DAY, 3 * DAY]);
    expect(out.returns).toEqual([[3, 1], [1, -0.5]]);
  });
});

describe('the rebalance plan', () => {
  // Two uncorrelated series, the second twice as volatile: risk parity holds inverse volatility, 2/3 and 1/3.
  const n = 120;
  const x = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.01 : -0.01));
  const y = Array.from({ length: n }, (_, i) => (Math.floor(i / 2) % 2 === 0 ? 0.02 : -0.02));
  const returns = x.map((v, i) => [v, y[i]!]);
  const base = {
    symbols: ['X', 'Y'],
    returns,
    held: new Map([['X', 100]]),
    prices: new Map([
      ['X', 50],
      ['Y', 20],
    ]),
    avgVolume: new Map([
      ['X', 1_000_000],
      ['Y', 2_000],
    ]),
    capital: 30_000,
    maxWeight: 1,
    riskAversion: 5,
    algoVolumeShare: 0.05,
  };
  it('risk parity targets inverse volatility (of the shrunk covariance) and the trades reach the whole-share targets', () => {
    const plan = planRebalance({ ...base, method: 'risk-parity' });
    // Uncorrelated assets: equal risk means weights proportional to 1 / sigma, sigma from the shrunk diagonal.
    const cov = ledoitWolf(returns).matrix;
    const inv = [1 / Math.sqrt(cov[0]!), 1 / Math.sqrt(cov[3]!)];
    expect(cov[1]).toBeCloseTo(0, 12);
    expect(plan.weights[0]!.target).toBeCloseTo(inv[0]! / (inv[0]! + inv[1]!), 6);
    expect(plan.weights[0]!.target).toBeGreaterThan(0.6);
    const qtyX = Math.round((plan.weights[0]!.target * 30_000) / 50);
    const qtyY = Math.round((plan.weights[1]!.target * 30_000) / 20);
    expect(plan.weights.map((w) => w.targetQty)).toEqual([qtyX, qtyY]);
    const buyX = plan.trades.find((t) => t.symbol === 'X')!;
    expect(buyX).toMatchObject({ side: 'buy', qty: qtyX - 100, kind: 'market' });
    // About 500 shares is 25% of Y's average volume: a TWAP whose slices each stay under 5% of it.
    const buyY = plan.trades.find((t) => t.symbol === 'Y')!;
    expect(buyY).toMatchObject({ side: 'buy', qty: qtyY, kind: 'algo' });
    expect(qtyY / buyY.slices! / 2000).toBeLessThanOrEqual(0.05);
    expect(qtyY / (buyY.slices! - 1) / 2000).toBeGreaterThan(0.05);
  });
  it('sells down a holding the target drops', () => {
    const plan = planRebalance({ ...base, method: 'risk-parity', held: new Map([['X', 1000]]) });
    expect(plan.trades[0]).toMatchObject({ symbol: 'X', side: 'sell', qty: 1000 - plan.weights[0]!.targetQty });
  });
  it('min-variance leans to the calmer asset; too little history is refused with a code', () => {
    const plan = planRebalance({ ...base, method: 'min-variance' });
    expect(plan.weights[0]!.target).toBeGreaterThan(0.7);
    expect(() => planRebalance({ ...base, method: 'hrp', returns: returns.slice(0, 10) })).toThrow(/20 or more/);
  });
});
