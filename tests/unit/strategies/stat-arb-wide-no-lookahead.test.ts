import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { FAST_PCA_ABOVE } from '../../../src-main/kernel/stats/pca-tracker.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';

/**
 * stat-arb over a universe wider than FAST_PCA_ABOVE, so its PCA takes a fast path that the three-stock no-lookahead
 * test never reaches: with a PCA window shorter than the universe (60 rows, 70 symbols) the direct decomposition of
 * the rows' Gram matrix; with a longer one (80 rows) the sliding correlation sums and the warm-started subspace
 * iteration. In both, garbage in every symbol
 * after t changes no order sent up to t. Synthetic daily bars with three common factors and mean-reverting
 * idiosyncratic parts (so the s-scores open positions).
 */
const SYMBOLS = FAST_PCA_ABOVE + 6;
const DAYS = 420;
const DAY = 86_400_000;
const T0 = Date.UTC(2010, 0, 4);

function universe(seed: number): Bar[][] {
  const rand = prng(seed);
  const z = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const times: number[] = [];
  for (let d = T0; times.length < DAYS; d += DAY) if (new Date(d).getUTCDay() % 6 !== 0) times.push(d);
  const factors = times.map(() => [0.01 * z(), 0.006 * z(), 0.004 * z()]);
  return Array.from({ length: SYMBOLS }, (_, s) => {
    const beta = [0.6 + rand(), rand() - 0.5, rand() - 0.5];
    let level = 0;
    let price = 20 + 100 * rand();
    return times.map((t, i) => {
      const step = -0.15 * level + 0.01 * z();
      level += step;
      const o = price;
      price *= Math.exp(beta.reduce((sum, b, j) => sum + b * factors[i]![j]!, 0) + step);
      return { t, o, h: Math.max(o, price) * 1.002, l: Math.min(o, price) * 0.998, c: price, v: 1e5 + 1e5 * rand() };
    });
  });
}

function garbageAfter(bars: readonly Bar[], t: number, seed: number): Bar[] {
  const rand = prng(seed);
  return bars.map((b) => {
    if (b.t <= t) return b;
    const c = b.c * (0.3 + 1.4 * rand());
    const o = b.o * (0.3 + 1.4 * rand());
    return { ...b, o, c, h: Math.max(o, c) * 1.1, l: Math.min(o, c) * 0.9, v: b.v * 3 * rand() };
  });
}

describe('stat-arb on a wide universe (the fast PCA path): no lookahead', () => {
  const series = universe(5);
  const dataOf = (f: (bars: Bar[], s: number) => Bar[]) => new MarketData(series.map((bars, s) => toColumns(`W${String(s).padStart(3, '0')}`, f(bars, s))));
  const real = dataOf((b) => b);
  const definition = STRATEGIES.get('stat-arb')!;
  const options = { account: { cash: 100_000, allowShort: true } };
  const decisionsUpTo = (result: ReturnType<typeof runBacktest>, t: number) =>
    result.orders.filter((o) => o.submittedAt <= t).map(({ state: _s, filledQty: _f, avgFillPrice: _a, reason: _r, ...asked }) => asked);

  it.each([
    ['the Gram matrix path', 60],
    ['the sliding-sums path', 80],
  ])('%s: garbage in every symbol after t changes no order sent up to t', (_path, pcaWindow) => {
    const params = parseParams(definition.params, { pcaWindow, residualWindow: 30, components: 3, maxPositions: 6 });
    const base = runBacktest(definition, params, real, options);
    expect(base.orders.length).toBeGreaterThan(6);
    const times = real.times;
    let differed = 0;
    for (const [k, f] of [0.4, 0.6, 0.8].entries()) {
      const t = times[Math.floor(f * times.length)]!;
      expect(decisionsUpTo(base, t).length).toBeGreaterThan(0);
      const changed = runBacktest(definition, params, dataOf((bars, s) => garbageAfter(bars, t, k * 101 + s)), options);
      expect(decisionsUpTo(changed, t)).toEqual(decisionsUpTo(base, t));
      if (JSON.stringify(changed.orders) !== JSON.stringify(base.orders)) differed++;
    }
    expect(differed).toBeGreaterThanOrEqual(2);
  });
});
