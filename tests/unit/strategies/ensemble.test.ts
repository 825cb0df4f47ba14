import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { MarketData } from '../../../src-main/backtest/market-data.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { captureSignals } from '../../../src-main/discovery/capture.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { createEnsemble } from '../../../src-main/strategies/ensemble/ensemble.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const DAY = 86_400_000;

/** A member that holds one view on every symbol, always (an insight each bar). */
const always = (name: string, direction: 'up' | 'down' | 'flat'): StrategyDefinition =>
  defineStrategy({
    name,
    description: `test: always ${direction}`,
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 1,
    create(_p, ctx) {
      return { onBar: (symbol: string) => ctx.emitInsight({ symbol, direction, confidence: 0.9, horizonBars: 1, reason: direction }) };
    },
  }) as unknown as StrategyDefinition;

function rising(n: number): MarketData {
  const t = new Float64Array(n).map((_, i) => Date.UTC(2020, 0, 1) + i * DAY);
  const c = new Float64Array(n).map((_, i) => 100 + i);
  return new MarketData([{ symbol: 'UP', t, o: c.slice(), h: c.map((x) => x + 0.5), l: c.map((x) => x - 0.5), c, v: new Float64Array(n).fill(1e6) }]);
}

describe('ensemble', () => {
  it('worked case: a right member and a wrong one; the wrong one gets no weight, the consensus is the right one at its accuracy', () => {
    // The 'trend' set is sma-cross, breakout, trend-following: here an always-up member, an always-down one and one with no view.
    const registry = new Map([
      ['sma-cross', always('sma-cross', 'up')],
      ['breakout', always('breakout', 'down')],
      ['trend-following', always('trend-following', 'flat')],
    ]);
    const ensemble = createEnsemble(registry) as unknown as StrategyDefinition;
    const params = parseParams(ensemble.params, { members: 'trend', horizonBars: 5, minScored: 50, minConfidence: 0.55 });
    const signals = captureSignals(ensemble, params, rising(80), { orderHorizonBars: 5 });
    // Votes at bar k (1-based) are scored at bar k + 5, so 50 votes are scored at bar 55: the first consensus.
    // The up member is right 50 of 50 times: p = 51/52, weight ln(51); the down member, p = 1/52 < 1/2, weight 0.
    // Then re-emitted every horizon - 1 = 4 bars, each time with one more scored vote per bar in between.
    expect(signals.map((s) => [s.barIndex, s.direction, s.source])).toEqual([
      [54, 'up', 'insight'],
      [58, 'up', 'insight'],
      [62, 'up', 'insight'],
      [66, 'up', 'insight'],
      [70, 'up', 'insight'],
      [74, 'up', 'insight'],
      [78, 'up', 'insight'],
    ]);
    expect(signals[0]!.rawConfidence).toBeCloseTo(51 / 52, 12);
    expect(signals[1]!.rawConfidence).toBeCloseTo(55 / 56, 12);
    expect(signals[0]!.reason).toBe('ensemble: up 0.98 from sma-cross up (w 3.93)');
  });

  it('registered in the ensemble family, and its members are registered strategies', () => {
    const d = STRATEGIES.get('ensemble')!;
    expect(d.family).toBe('ensemble');
    const p = parseParams(d.params, { members: 'stock-ml' });
    expect(d.warmup(p)).toBeGreaterThan(50);
  });

  it('no lookahead: garbage after bar t changes no order sent up to t', () => {
    const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl').slice(0, 1500);
    const definition = STRATEGIES.get('ensemble')!;
    const params = parseParams(definition.params, {});
    const asked = (r: ReturnType<typeof backtestBars>, at: number) =>
      r.orders.filter((o) => o.submittedAt <= at).map(({ state: _s, filledQty: _f, avgFillPrice: _a, ...rest }) => rest);
    const base = backtestBars(definition, params, 'ORCL', bars);
    expect(base.orders.length).toBeGreaterThan(6);
    let differed = 0;
    for (const [n, t] of [500, 900, 1300].entries()) {
      const rand = prng(n + 3);
      const garbage: Bar[] = bars.map((b, i) => {
        if (i <= t) return b;
        const c = b.c * (0.3 + 1.4 * rand());
        const o = b.o * (0.3 + 1.4 * rand());
        return { ...b, o, c, h: Math.max(o, c) * 1.1, l: Math.min(o, c) * 0.9, v: b.v * rand() };
      });
      const changed = backtestBars(definition, params, 'ORCL', garbage);
      const at = bars[t]!.t;
      expect(asked(changed, at)).toEqual(asked(base, at));
      if (JSON.stringify(changed.orders) !== JSON.stringify(base.orders)) differed++;
    }
    expect(differed).toBeGreaterThanOrEqual(2);
  });
});
