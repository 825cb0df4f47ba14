import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { crossSectionalRank } from '../../../src-main/kernel/strategy/cross-section.js';
import { DAY } from './helpers.js';

const day0 = Date.UTC(2021, 0, 4);
const series = (closes: number[], skip: number[] = []): Bar[] =>
  closes.map((c, i) => ({ t: day0 + i * DAY, o: c, h: c, l: c, c, v: 1_000_000 })).filter((_, i) => !skip.includes(i));

/** Records every onBar and onCrossSection call, and on the third cross-section buys the best-ranked symbol. */
function recorder(log: string[]) {
  return defineStrategy({
    name: 'xs-recorder',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create: (_p, ctx) => {
      let calls = 0;
      return {
        onBar: (symbol, bar) => void log.push(`bar ${symbol} ${(bar.t - day0) / DAY}`),
        onCrossSection: (t, bars) => {
          log.push(`xs ${(t - day0) / DAY} ${[...bars].map(([s, b]) => `${s}@${(b.t - day0) / DAY}=${b.c}`).join(',')}`);
          if (++calls === 3) {
            const ranks = crossSectionalRank(new Map([...bars].map(([s, b]) => [s, b.c])));
            const best = [...ranks].sort((a, b) => b[1] - a[1])[0]![0];
            ctx.submit(ctx.orders.market(best, 'buy', 10), `best of ${ctx.universe.length} by close`);
          }
        },
      };
    },
  });
}

describe('onCrossSection in the backtest', () => {
  it('is called once per timestamp after every symbol of that time went to onBar, with the latest bar of each', () => {
    const log: string[] = [];
    const data = new MarketData([toColumns('AAA', series([10, 11, 12, 13])), toColumns('BBB', series([20, 19, 30, 31], [1]))]);
    const result = runBacktest(recorder(log) as unknown as StrategyDefinition, {}, data);
    expect(log).toEqual([
      'bar AAA 0',
      'bar BBB 0',
      'xs 0 AAA@0=10,BBB@0=20',
      'bar AAA 1',
      // BBB has no bar on day 1: it shows its day-0 bar.
      'xs 1 AAA@1=11,BBB@0=20',
      'bar AAA 2',
      'bar BBB 2',
      'xs 2 AAA@2=12,BBB@2=30',
      'bar AAA 3',
      'bar BBB 3',
      'xs 3 AAA@3=13,BBB@3=31',
    ]);
    // The order sent at day 2's cross-section fills at the next bar's open (day 3), and carries its reason.
    expect(result.orders).toHaveLength(1);
    expect(result.orders[0]).toMatchObject({ symbol: 'BBB', state: 'filled', avgFillPrice: 31, cause: 'best of 2 by close' });
  });

  it('is not called during warm-up (bars before `from`)', () => {
    const log: string[] = [];
    const data = new MarketData([toColumns('AAA', series([10, 11, 12, 13])), toColumns('BBB', series([20, 21, 22, 23]))]);
    runBacktest(recorder(log) as unknown as StrategyDefinition, {}, data, { from: 2 });
    expect(log.filter((l) => l.startsWith('xs'))).toEqual(['xs 2 AAA@2=12,BBB@2=22', 'xs 3 AAA@3=13,BBB@3=23']);
  });

  it('with marketFill close, an order sent in the cross-section fills at that timestamp close of its symbol', () => {
    const log: string[] = [];
    const data = new MarketData([toColumns('AAA', series([10, 11, 12, 13])), toColumns('BBB', series([20, 21, 30, 31]))]);
    const result = runBacktest(recorder(log) as unknown as StrategyDefinition, {}, data, { fill: { marketFill: 'close' } });
    expect(result.orders[0]).toMatchObject({ symbol: 'BBB', state: 'filled', avgFillPrice: 30 });
  });
});
