import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { renderReport } from '../../../src-main/backtest/report-html.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { portfolioParams } from '../../../src-main/kernel/strategy/portfolio-params.js';
import { DAY } from './helpers.js';

const day0 = Date.UTC(2021, 0, 4);
const series = (n: number, price: (i: number) => number, volume = 1_000_000): Bar[] =>
  Array.from({ length: n }, (_, i) => ({ t: day0 + i * DAY, o: price(i), h: price(i) * 1.01, l: price(i) * 0.99, c: price(i), v: volume }));

/** Emits insights from a script keyed by cross-section number. */
function insighter(script: Record<number, Array<Parameters<import('../../../src-main/kernel/strategy/types.js').StrategyContext['emitInsight']>[0]>>) {
  return defineStrategy({
    name: 'insighter',
    description: 'test',
    params: z.object({ ...portfolioParams }),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create: (_p, ctx) => {
      let n = 0;
      return { onCrossSection: () => void (script[n++] ?? []).forEach((i) => ctx.emitInsight(i)) };
    },
  }) as unknown as StrategyDefinition;
}

describe('insights in the backtest', () => {
  it('insight -> equal-weight targets within the capital -> market orders carrying the reason; expiry closes', () => {
    const data = new MarketData([toColumns('AAA', series(10, () => 50)), toColumns('BBB', series(10, () => 20))]);
    const strategy = insighter({
      1: [
        { symbol: 'AAA', direction: 'up', confidence: 0.8, horizonBars: 4, reason: 'AAA ranks first' },
        { symbol: 'BBB', direction: 'up', confidence: 0.4, horizonBars: 99, reason: 'BBB ranks second' },
      ],
    });
    const result = runBacktest(strategy, { portfolioMethod: 'equal' }, data, { account: { cash: 10_000 } });
    const orders = result.orders.map((o) => ({ symbol: o.symbol, side: o.side, qty: o.qty, at: (o.submittedAt - day0) / DAY, cause: o.cause, state: o.state }));
    expect(orders).toEqual([
      { symbol: 'AAA', side: 'buy', qty: 100, at: 1, cause: 'AAA ranks first', state: 'filled' },
      { symbol: 'BBB', side: 'buy', qty: 250, at: 1, cause: 'BBB ranks second', state: 'filled' },
      // AAA's 4-bar horizon ends at its 4th bar after the insight (day 5): the target becomes zero, and equal
      // weight gives the whole capital to BBB, the one insight left (10,000 / 20 = 500 shares).
      { symbol: 'AAA', side: 'sell', qty: 100, at: 5, cause: 'its insight expired', state: 'filled' },
      { symbol: 'BBB', side: 'buy', qty: 250, at: 5, cause: 'BBB ranks second', state: 'filled' },
    ]);
    expect(result.positions).toEqual({ BBB: 500 });
    expect(result.decisionCounts.ORDER_SENT).toBe(4);
  });

  it('a large order against the volume goes as a TWAP of market slices, one per timestamp, each carrying the reason', () => {
    const data = new MarketData([toColumns('THIN', series(12, () => 10, 1_000))]);
    const strategy = insighter({ 0: [{ symbol: 'THIN', direction: 'up', confidence: 1, horizonBars: 50, reason: 'thin but good' }] });
    const result = runBacktest(strategy, { algoVolumeShare: 0.25 }, data, { account: { cash: 10_000 } });
    // 1,000 shares against 1,000 a bar: 100% -> 4 slices of 250 (each 25% of a bar's volume).
    expect(result.orders.map((o) => o.qty)).toEqual([250, 250, 250, 250]);
    expect(result.orders.map((o) => o.cause)).toEqual([1, 2, 3, 4].map((n) => expect.stringMatching(new RegExp(`^TWAP slice ${n}/4: thin but good \\(TWAP in 4 slices`))));
    expect(result.positions.THIN).toBe(1_000);
    expect(result.decisions.filter((d) => d.code === 'ORDER_SENT')).toHaveLength(1);
  });

  it('with orderType limit, targets go as marketable limit orders at the offset through the last close', () => {
    const data = new MarketData([toColumns('AAA', series(6, () => 50))]);
    const strategy = insighter({ 1: [{ symbol: 'AAA', direction: 'up', confidence: 1, horizonBars: 99, reason: 'limit me' }] });
    const result = runBacktest(strategy, { orderType: 'limit', limitOffsetBps: 20 }, data, { account: { cash: 10_000 } });
    expect(result.orders).toMatchObject([{ symbol: 'AAA', side: 'buy', type: 'limit', limitPrice: 50.1, qty: 199, state: 'filled', avgFillPrice: 50, cause: 'limit me' }]);
    expect(result.decisions[0]!.reason).toBe('limit buy 199 at 50.1');
  });

  it('stale data and shorting-off signals are logged as decisions, not orders', () => {
    const stale = series(20, () => 10).filter((_, i) => i < 3);
    const data = new MarketData([toColumns('LIVE', series(20, () => 10)), toColumns('GONE', stale)]);
    const strategy = insighter({
      10: [
        { symbol: 'GONE', direction: 'up', confidence: 1, horizonBars: 50, reason: 'old news' },
        { symbol: 'LIVE', direction: 'down', confidence: 1, horizonBars: 50, reason: 'falling' },
      ],
    });
    const result = runBacktest(strategy, {}, data);
    expect(result.orders).toEqual([]);
    expect(result.decisions.map((d) => [d.code, d.symbol, d.cause])).toEqual([
      ['SHORTING_OFF', 'LIVE', 'falling'],
      ['STALE_DATA', 'GONE', 'old news'],
    ]);
  });
});

describe('protections in the backtest', () => {
  /** Buys at every bar when flat; sells with a 'stop loss' reason on the bar after. */
  const churn = defineStrategy({
    name: 'churn',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create: (_p, ctx) => ({
      onBar: (s) => {
        const held = ctx.portfolio.position(s);
        if (held > 0) ctx.submit(ctx.orders.market(s, 'sell', held), 'stop loss hit');
        else ctx.submit(ctx.orders.market(s, 'buy', 10), 'entry');
      },
    }),
  }) as unknown as StrategyDefinition;

  it('a cooldown refuses new entries after an exit until it ends, records each refusal, and lists its locks', () => {
    const data = new MarketData([toColumns('AAA', series(12, (i) => 100 - i))]);
    const free = runBacktest(churn, {}, data);
    const guarded = runBacktest(churn, {}, data, { protections: { cooldown: { hours: 72 } } });
    expect(free.decisions).toEqual([]);
    const refused = guarded.orders.filter((o) => o.state === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => o.side === 'buy' && o.reason!.startsWith('PROTECTION: AAA is locked'))).toBe(true);
    expect(guarded.decisions.filter((d) => d.code === 'PROTECTION')).toHaveLength(refused.length);
    expect(guarded.locks.length).toBeGreaterThan(0);
    expect(guarded.locks[0]).toMatchObject({ scope: 'AAA', protection: 'cooldown' });
    // No entry is filled inside a lock.
    for (const fill of guarded.fills.filter((f) => f.side === 'buy')) {
      expect(guarded.locks.some((l) => fill.t > l.from && fill.t < l.until)).toBe(false);
    }
    expect(guarded.fills.filter((f) => f.side === 'buy').length).toBeLessThan(free.fills.filter((f) => f.side === 'buy').length);
    // The run's report says why it did not trade: counts, the locks, and each refusal with its cause.
    const html = renderReport(guarded);
    expect(html).toContain('Decisions: why it traded, and why it did not');
    expect(html).toContain(`<tr><td>PROTECTION</td><td>${refused.length}</td></tr>`);
    expect(html).toContain('Protection locks');
    expect(html).toContain('cooldown after closing AAA');
    expect(renderReport(free)).not.toContain('Decisions: why');
  });

  it('a stop-loss guard on the bot locks every symbol after N stop-outs', () => {
    const data = new MarketData([toColumns('AAA', series(12, (i) => 100 - i)), toColumns('BBB', series(12, (i) => 50 - i))]);
    const result = runBacktest(churn, {}, data, { protections: { stoplossGuard: { trades: 2, lookbackHours: 24 * 10, lockHours: 24 * 100, scope: 'bot' } } });
    expect(result.locks).toMatchObject([{ scope: '*', protection: 'stoploss-guard' }]);
    const lockFrom = result.locks[0]!.from;
    // Locks are checked when an order is sent (as live): no entry is accepted after the lock, for either symbol.
    const after = result.orders.filter((o) => o.side === 'buy' && o.submittedAt > lockFrom);
    expect(after.length).toBeGreaterThan(2);
    expect(after.every((o) => o.state === 'rejected' && o.reason!.includes('stop-outs'))).toBe(true);
  });
});
