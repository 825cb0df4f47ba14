import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../../src-main/backtest/load-data.js';
import type { BarColumns } from '../../../src-main/backtest/market-data.js';
import { scan } from '../../../src-main/discovery/scanner.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

/** Daily bars whose close follows `close(i)`. */
function columns(symbol: string, n: number, close: (i: number) => number): BarColumns {
  const t = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * DAY;
    c[i] = close(i);
  }
  return { symbol, t, o: c.slice(), h: c.map((x) => x * 1.01), l: c.map((x) => x * 0.99), c, v: new Float64Array(n).fill(1000) };
}

/** A strategy that emits, on every 3rd bar of each symbol, an insight with a fixed confidence and 2-bar horizon. */
const insightEveryThird = (name: string, direction: 'up' | 'down'): StrategyDefinition =>
  defineStrategy({
  name,
  description: 'test: insights on every third bar',
  params: z.object({ confidence: z.number().default(0.7) }),
  timeframe: '1Day',
  universe: [],
  warmup: () => 1,
  create(p, ctx) {
    const seen = new Map<string, number>();
    return {
      onBar(symbol) {
        const n = (seen.get(symbol) ?? 0) + 1;
        seen.set(symbol, n);
        if (n % 3 === 0) ctx.emitInsight({ symbol, direction, confidence: p.confidence, magnitude: 0.01, horizonBars: 2, reason: `bar ${n} of ${symbol}` });
      },
    };
  },
}) as unknown as StrategyDefinition;
const everyThird = insightEveryThird('every-third', 'up');

/** A strategy that only sends orders: buys on bar 10, sells (exit) on bar 20, sells short on bar 30. */
const orderOnly = defineStrategy({
  name: 'order-only',
  description: 'test: orders at fixed bars',
  params: z.object({}),
  timeframe: '1Day',
  universe: [],
  warmup: () => 1,
  create(_p, ctx) {
    let n = 0;
    return {
      onBar(symbol) {
        n++;
        if (n === 10) ctx.submit(ctx.orders.market(symbol, 'buy', 5), 'enter long');
        if (n === 20) ctx.submit(ctx.orders.market(symbol, 'sell', 5), 'exit');
        if (n === 30) ctx.submit(ctx.orders.market(symbol, 'sell', 3), 'go short');
      },
    };
  },
}) as unknown as StrategyDefinition;

describe('opportunity scanner', () => {
  it('reports hand-built insights: scores ended ones against the bars, calibrates, lists the running one', () => {
    // Rising prices: every up insight is right.
    const up = columns('UP', 31, (i) => 100 + i);
    const r = scan({ columns: [up], strategies: [{ definition: everyThird, params: { confidence: 0.7 } }] });
    // Insights at bars 2, 5, ..., 29 (0-based); those at 29 (horizon 2) is still running at bar 30.
    expect(r.outcomes).toHaveLength(9);
    expect(r.outcomes.every((o) => o.hit && o.magnitude === 0.01)).toBe(true);
    // Steady 1% days are calm; the first bars have too few returns to say (normal).
    expect(r.outcomes.map((o) => o.regime)).toEqual(['normal', 'calm', 'calm', 'calm', 'calm', 'calm', 'calm', 'calm', 'calm']);
    const first = r.outcomes[0]!;
    expect(first.realizedReturn).toBeCloseTo(104 / 102 - 1, 12);
    expect(first.magnitudeError).toBeCloseTo(104 / 102 - 1 - 0.01, 12);
    expect(r.opportunities).toHaveLength(1);
    const o = r.opportunities[0]!;
    expect(o).toMatchObject({ symbol: 'UP', strategy: 'every-third', direction: 'up', horizon: 2, reason: 'bar 30 of UP', source: 'insight', barsAgo: 1, rawConfidence: 0.7, calibratedOn: 'strategy', samples: 9 });
    // Nine hits of nine, with the Beta(1, 1) prior: 10 / 11.
    expect(o.confidence).toBeCloseTo(10 / 11, 12);
    // Expected return: the magnitude plus the record's mean magnitude error, i.e. the mean realized move.
    const meanMove = r.outcomes.reduce((s, x) => s + x.realizedReturn, 0) / r.outcomes.length;
    expect(o.expectedReturn).toBeCloseTo(meanMove, 12);
  });

  it('falling prices make the same insights wrong, and the confidence says so', () => {
    const down = columns('DN', 31, (i) => 200 - i);
    const r = scan({ columns: [down], strategies: [{ definition: everyThird, params: { confidence: 0.7 } }] });
    expect(r.outcomes.every((o) => !o.hit)).toBe(true);
    expect(r.opportunities[0]!.confidence).toBeCloseTo(1 / 11, 12);
    expect(r.opportunities[0]!.expectedReturn).toBeLessThan(0);
  });

  it('reads orders as views: an entry is up, an exit is none, a short is down', () => {
    const flat = columns('X', 33, (i) => 100 + (i % 2));
    const r = scan({ columns: [flat], strategies: [{ definition: orderOnly, params: {} }], orderHorizonBars: 5 });
    const views = r.outcomes.map((o) => [o.direction, o.source, o.horizonBars]);
    expect(views).toEqual([['up', 'order', 5]]);
    expect(r.opportunities.map((o) => [o.direction, o.reason, o.barsAgo])).toEqual([['down', 'go short', 3]]);
  });

  it('ranks by calibrated confidence, then expected move', () => {
    const r = scan({
      columns: [columns('UP', 31, (i) => 100 + i)],
      strategies: [
        { definition: insightEveryThird('bear', 'down'), params: { confidence: 0.7 } },
        { definition: everyThird, params: { confidence: 0.7 } },
      ],
    });
    expect(r.opportunities.map((o) => [o.strategy, o.direction])).toEqual([
      ['every-third', 'up'],
      ['bear', 'down'],
    ]);
    expect(r.calibration.map((c) => [c.strategy, c.samples, c.hitRate])).toEqual([
      ['bear', 9, 0],
      ['every-third', 9, 1],
    ]);
  });

  it('a scan as of t does not change when the bars after t change (no lookahead)', () => {
    const files = ['nvda-2014.txt', 'orcl-2014.txt', 'yhoo-2014.txt'].map((f) => join(YAHOO_DAILY_DIR, f));
    const { data } = loadData({ files });
    const strategies = ['sma-cross', 'mean-reversion', 'swing', 'breakout'].map((n) => {
      const definition = STRATEGIES.get(n)!;
      return { definition, params: parseParams(definition.params, {}) };
    });
    const asOf = data.columns[0]!.t[150]!;
    const before = scan({ columns: data.columns, strategies, asOf });
    // The future rewritten: every bar after asOf becomes a wild swing.
    const scrambled = data.columns.map((col) => {
      const [o, h, l, c] = [col.o.slice(), col.h.slice(), col.l.slice(), col.c.slice()];
      for (let i = 0; i < c.length; i++) {
        if (col.t[i]! <= asOf) continue;
        c[i] = c[i]! * (i % 2 === 0 ? 1.5 : 0.5);
        o[i] = c[i]!;
        h[i] = c[i]! * 1.2;
        l[i] = c[i]! * 0.8;
      }
      return { ...col, o, h, l, c };
    });
    const after = scan({ columns: scrambled, strategies, asOf });
    expect(after).toEqual(before);
    expect(before.opportunities.length + before.outcomes.length).toBeGreaterThan(0);
    expect(before.outcomes.every((o) => o.endedAt <= asOf)).toBe(true);
    // And the full data's later scan does differ (the test could catch a leak).
    const later = scan({ columns: data.columns, strategies });
    expect(later.outcomes.length).toBeGreaterThan(before.outcomes.length);
  });

  it('calibrates on the stored record too, but only on outcomes ended by the scan', () => {
    const up = columns('UP', 31, (i) => 100 + i);
    const asOf = up.t[30]!;
    const prior = (endedAt: number, hit: boolean) => ({
      strategy: 'every-third', symbol: 'OLD', direction: 'up' as const, source: 'insight' as const, rawConfidence: 0.7, magnitude: 0.01,
      regime: 'normal' as const, generatedAt: endedAt - 2 * DAY, endedAt, horizonBars: 2, realizedReturn: hit ? 0.01 : -0.01, hit, magnitudeError: hit ? 0 : -0.02,
    });
    // 30 old misses before the scan, 30 "misses" after it (a leak would count them).
    const misses = Array.from({ length: 30 }, (_, i) => prior(T0 - (i + 1) * DAY, false));
    const future = Array.from({ length: 30 }, (_, i) => prior(asOf + (i + 1) * DAY, false));
    const strategies = [{ definition: everyThird, params: { confidence: 0.7 } }];
    const withPast = scan({ columns: [up], strategies, priorOutcomes: misses });
    // 9 hits of 39 outcomes.
    expect(withPast.opportunities[0]!.confidence).toBeCloseTo(10 / 41, 12);
    expect(withPast.opportunities[0]!.samples).toBe(39);
    const withFuture = scan({ columns: [up], strategies, priorOutcomes: [...misses, ...future] });
    expect(withFuture.opportunities).toEqual(withPast.opportunities);
  });

  it('leaves out a strategy the universe is too small for, saying why', () => {
    const r = scan({ columns: [columns('A', 40, (i) => 100 + i)], strategies: [{ definition: STRATEGIES.get('pairs-trading')!, params: parseParams(STRATEGIES.get('pairs-trading')!.params, {}) }] });
    expect(r.skipped).toEqual([{ strategy: 'pairs-trading', reason: 'trades at least 2 symbols; the universe has 1' }]);
  });
});
