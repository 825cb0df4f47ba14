import { describe, expect, it } from 'vitest';
import { constructTargets } from '../../../../src-main/kernel/portfolio/construction.js';
import { planIntent, planOrders } from '../../../../src-main/kernel/portfolio/execution-plan.js';
import { InsightBook } from '../../../../src-main/kernel/portfolio/insight-book.js';
import { makeInsight, type InsightInput } from '../../../../src-main/kernel/strategy/insight.js';
import { portfolioSettings } from '../../../../src-main/kernel/strategy/portfolio-params.js';

const ins = (input: Partial<InsightInput> & { symbol: string }, t = 0) =>
  makeInsight({ direction: 'up', confidence: 0.5, horizonBars: 5, reason: `why ${input.symbol}`, ...input } as InsightInput, `i-${input.symbol}`, t);
const facts = (prices: Record<string, number>, vols: Record<string, number> = {}) => (s: string) => ({ price: prices[s] ?? NaN, volatility: vols[s] ?? NaN });

describe('portfolio construction', () => {
  it('equal weight splits the capital over the up insights, whole shares toward zero; flat and expired symbols go to zero', () => {
    const active = [ins({ symbol: 'A' }), ins({ symbol: 'B' }), ins({ symbol: 'C', direction: 'flat' })];
    const { targets } = constructTargets(active, ['A', 'B', 'C', 'D'], 10_000, facts({ A: 33, B: 100, C: 10 }), portfolioSettings({}));
    const bySymbol = Object.fromEntries(targets.map((t) => [t.symbol, t]));
    expect(bySymbol.A!.qty).toBe(Math.trunc(5_000 / 33));
    expect(bySymbol.B!.qty).toBe(50);
    expect(bySymbol.C!.qty).toBe(0);
    expect(bySymbol.C!.cause).toContain('flat insight');
    expect(bySymbol.D).toMatchObject({ qty: 0, cause: 'its insight expired' });
    expect(bySymbol.A!.cause).toBe('why A');
    const gross = targets.reduce((g, t) => g + Math.abs(t.qty) * ({ A: 33, B: 100, C: 10, D: 1 } as Record<string, number>)[t.symbol]!, 0);
    expect(gross).toBeLessThanOrEqual(10_000);
  });

  it('confidence weighting scales down when the total passes 1, and maxWeight caps one name', () => {
    const active = [ins({ symbol: 'A', confidence: 0.9 }), ins({ symbol: 'B', confidence: 0.6 })];
    const { targets } = constructTargets(active, ['A', 'B'], 15_000, facts({ A: 1, B: 1 }), portfolioSettings({ portfolioMethod: 'confidence' }));
    expect(targets.map((t) => t.weight)).toEqual([0.6, expect.closeTo(0.4, 12)]);
    const capped = constructTargets(active, ['A', 'B'], 15_000, facts({ A: 1, B: 1 }), portfolioSettings({ portfolioMethod: 'confidence', maxWeight: 0.5 }));
    expect(capped.targets[0]!.weight).toBe(0.5);
  });

  it('volatility targeting sizes by targetVolatility / volatility, and a symbol without volatility is skipped with NO_DATA', () => {
    const active = [ins({ symbol: 'A' }), ins({ symbol: 'B' }), ins({ symbol: 'C' })];
    const { targets, skipped } = constructTargets(active, ['A', 'B', 'C'], 100_000, facts({ A: 10, B: 10, C: 10 }, { A: 0.3, B: 0.6 }), portfolioSettings({ portfolioMethod: 'volatility', targetVolatility: 0.15 }));
    const w = Object.fromEntries(targets.map((t) => [t.symbol, t.weight]));
    expect(w.A).toBeCloseTo(0.15 / 0.3 / 3, 12);
    expect(w.B).toBeCloseTo(0.15 / 0.6 / 3, 12);
    expect(w.C).toBe(0);
    expect(skipped).toMatchObject([{ symbol: 'C', code: 'NO_DATA' }]);
  });

  it('a down insight is flat while shorting is off (SHORTING_OFF), short when allowed', () => {
    const off = constructTargets([ins({ symbol: 'A', direction: 'down' })], ['A'], 1_000, facts({ A: 10 }), portfolioSettings({}));
    expect(off.targets).toMatchObject([{ symbol: 'A', qty: 0 }]);
    expect(off.skipped[0]!.code).toBe('SHORTING_OFF');
    const on = constructTargets([ins({ symbol: 'A', direction: 'down' })], ['A'], 1_000, facts({ A: 10 }), portfolioSettings({ allowShort: true }));
    expect(on.targets[0]!.qty).toBe(-100);
  });
});

const MARKET = { algoVolumeShare: 0.05, orderType: 'market', limitOffsetBps: 0 } as const;

describe('execution plan', () => {
  it('orders target - held - pending; a large order against volume becomes a TWAP whose slices stay under the share', () => {
    const targets = [
      { symbol: 'A', qty: 100, weight: 0.5, cause: 'a' },
      { symbol: 'B', qty: 0, weight: 0, cause: 'b' },
      { symbol: 'C', qty: 5_000, weight: 0.5, cause: 'c' },
      { symbol: 'D', qty: 10, weight: 0.1, cause: 'd' },
    ];
    const f: Record<string, { held: number; pending: number; avgVolume: number; price: number }> = {
      A: { held: 30, pending: 20, avgVolume: 1e6, price: 10 },
      B: { held: 40, pending: 0, avgVolume: 1e6, price: 10 },
      C: { held: 0, pending: 0, avgVolume: 10_000, price: 10 },
      D: { held: 10, pending: 0, avgVolume: 1e6, price: 10 },
    };
    const plans = planOrders(targets, (s) => f[s]!, MARKET);
    // The sale comes first: what it frees pays for the buys.
    expect(plans).toMatchObject([
      { symbol: 'B', side: 'sell', qty: 40, kind: 'market' },
      { symbol: 'A', side: 'buy', qty: 50, kind: 'market', cause: 'a' },
      { symbol: 'C', side: 'buy', qty: 5_000, kind: 'algo', slices: 10 },
    ]);
    expect(plans[2]!.cause).toContain('50.0% of the average volume');
  });

  it('a flip closes first (the bot may sell only what it holds)', () => {
    const plans = planOrders([{ symbol: 'A', qty: -50, weight: -0.5, cause: 'x' }], () => ({ held: 30, pending: 0, avgVolume: 1e6, price: 10 }), MARKET);
    expect(plans).toMatchObject([{ side: 'sell', qty: 30 }]);
  });

  it('limit orders are marketable: the offset through the last price, rounded to the cent away from the market', () => {
    const targets = [
      { symbol: 'A', qty: 10, weight: 0.5, cause: 'a' },
      { symbol: 'B', qty: 0, weight: 0, cause: 'b' },
    ];
    const f = { A: { held: 0, pending: 0, avgVolume: 1e6, price: 100.013 }, B: { held: 5, pending: 0, avgVolume: 1e6, price: 50.017 } } as const;
    const plans = planOrders(targets, (s) => f[s as 'A' | 'B'], { algoVolumeShare: 0.05, orderType: 'limit', limitOffsetBps: 20 });
    expect(plans).toMatchObject([
      { symbol: 'B', side: 'sell', kind: 'limit', limitPrice: 49.91 },
      { symbol: 'A', side: 'buy', kind: 'limit', limitPrice: 100.22 },
    ]);
    expect(planIntent('A', 'buy', 10, 100.22)).toMatchObject({ type: 'limit', limitPrice: '100.22', timeInForce: 'day', qty: '10' });
    expect(planIntent('A', 'buy', 10, undefined)).toMatchObject({ type: 'market' });
  });
});

describe('insight book', () => {
  it('keeps the latest per symbol, expires by bars or time, a group together, and marks changes', () => {
    const book = new InsightBook();
    book.add(ins({ symbol: 'A', horizonBars: 2 }));
    book.add(makeInsight({ symbol: 'B', direction: 'up', confidence: 1, horizonMs: 1_000, reason: 'b', group: 'g' }, 'b', 0));
    book.add(makeInsight({ symbol: 'C', direction: 'down', confidence: 1, horizonBars: 99, reason: 'c', group: 'g' }, 'c', 0));
    expect(book.takeChanged()).toBe(true);
    expect(book.takeChanged()).toBe(false);
    book.onBar('A');
    expect(book.get('A')).toBeDefined();
    book.onBar('A');
    expect(book.get('A')).toBeUndefined();
    expect(book.takeChanged()).toBe(true);
    book.advance(999);
    expect(book.active().map((i) => i.symbol)).toEqual(['B', 'C']);
    book.advance(1_000);
    // B's time ran out and took its group's other leg with it.
    expect(book.active()).toEqual([]);
    expect(book.symbols()).toEqual(['A', 'B', 'C']);
  });

  it('refuses a bad insight with the field name', () => {
    expect(() => makeInsight({ symbol: 'A', direction: 'up', confidence: 1.5, horizonBars: 1, reason: 'x' }, 'i', 0)).toThrow(/confidence/);
    expect(() => makeInsight({ symbol: 'A', direction: 'up', confidence: 1, reason: 'x' }, 'i', 0)).toThrow(/exactly one of horizonBars and horizonMs/);
  });
});
