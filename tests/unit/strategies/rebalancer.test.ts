import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { z } from 'zod';
import { Rebalancer } from '../../../src-main/strategies/shared/rebalancer.js';

const DAY = 86_400_000;
const START = Date.parse('2024-03-04T00:00:00Z');
const flat = (price: number, n: number): Bar[] => Array.from({ length: n }, (_, i) => ({ t: START + i * DAY, o: price, h: price, l: price, c: price, v: 1e6 }));

/** A strategy that sets the given targets at the given cross-section indices and steps its book at every one. */
function scripted(plan: ReadonlyMap<number, ReadonlyArray<[string, number]>>): StrategyDefinition {
  return defineStrategy({
    name: 'scripted',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create(_p, ctx) {
      const book = new Rebalancer(ctx);
      let i = 0;
      return {
        onCrossSection(_t, bars) {
          const targets = plan.get(i++);
          if (targets) book.setTargets(new Map(targets), `plan ${i - 1}`, 0.1);
          book.step((s) => bars.get(s)!.c);
        },
        onOrderUpdate: (u) => book.onOrderUpdate(u),
      };
    },
  }) as unknown as StrategyDefinition;
}

describe('Rebalancer', () => {
  const data = new MarketData([toColumns('AAA', flat(100, 12)), toColumns('BBB', flat(50, 12))]);

  it('sells before it buys: a switch from AAA to BBB sends the sale, and the purchase once the sale has filled', () => {
    const r = runBacktest(scripted(new Map([[0, [['AAA', 900]]], [3, [['BBB', 1800]]]])), {}, data, { account: { cash: 100_000 } });
    const orders = r.orders.map((o) => ({ symbol: o.symbol, side: o.side, qty: o.qty, day: (o.submittedAt - START) / DAY, state: o.state, cause: o.cause }));
    expect(orders).toEqual([
      { symbol: 'AAA', side: 'buy', qty: 900, day: 0, state: 'filled', cause: 'plan 0' },
      { symbol: 'AAA', side: 'sell', qty: 900, day: 3, state: 'filled', cause: 'plan 3' },
      // Cash after the sale: 100,000; BBB at 50: the whole target fits.
      { symbol: 'BBB', side: 'buy', qty: 1800, day: 4, state: 'filled', cause: 'plan 3' },
    ]);
  });

  it('buys no more than 98 % of the cash buys, and leaves a holding within the band of its target alone', () => {
    const r = runBacktest(scripted(new Map([[0, [['AAA', 5000]]], [2, [['AAA', 1050]]], [4, [['AAA', 500]]]])), {}, data, { account: { cash: 100_000 } });
    expect(r.orders.map((o) => [o.side, o.qty, (o.submittedAt - START) / DAY])).toEqual([
      ['buy', 980, 0], // 98 % of 100,000 at 100
      ['buy', 19, 1], // 98 % of the 2,000 left
      // Day 2: the new target 1050 is within 10 % of the 999 held: nothing sent. Day 4: down to 500.
      ['sell', 499, 4],
    ]);
    expect(r.orders.every((o) => o.state === 'filled')).toBe(true);
  });
});

describe('CloseHistory seeding', () => {
  it('a run that starts after warm-up bars (a walk-forward window) decides at once, as the full run does on the same day', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { parseYahooCsv } = await import('../../../src-main/history/csv/yahoo.js');
    const { parseParams } = await import('../../../src-main/kernel/strategy/params.js');
    const { STRATEGIES } = await import('../../../src-main/strategies/index.js');
    const { YAHOO_DAILY_DIR } = await import('../../support/data.js');
    const load = (s: string, f: string) => toColumns(s, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, f), 'utf8'), f));
    const data = new MarketData([load('ORCL', 'orcl-1995-2014.txt'), load('NVDA', 'nvda-1999-2014.txt'), load('YHOO', 'yhoo-1996-2014.txt')]);
    const momentum = STRATEGIES.get('momentum')!;
    const params = parseParams(momentum.params, { topN: 1 });
    const from = data.times.findIndex((t) => t >= Date.parse('2003-01-01T00:00:00Z'));
    const full = runBacktest(momentum, params, data);
    const window = runBacktest(momentum, params, data, { from });
    const first = window.orders[0]!;
    // The first trading day of February 2003 at the latest: a cold start would wait 253 bars, into 2004.
    expect(first.submittedAt).toBeLessThan(Date.parse('2003-02-04T00:00:00Z'));
    // Flat at the window's start, it buys what the full run holds then.
    const held = full.orders.filter((o) => o.submittedAt <= first.submittedAt && o.side === 'buy').at(-1)!;
    expect({ symbol: first.symbol, side: first.side }).toEqual({ symbol: held.symbol, side: 'buy' });
  });
});

describe('Rebalancer after a restart', () => {
  it('leaves a position held before the start alone until the first targets, then closes it when they leave it out', async () => {
    const { OrderFactory } = await import('../../../src-main/kernel/strategy/order-factory.js');
    const sent: string[] = [];
    const held = new Map([['AAA', 40]]);
    const ctx = {
      universe: ['AAA', 'BBB'],
      orders: new OrderFactory(),
      portfolio: { cash: () => 10_000, position: (s: string) => held.get(s) ?? 0, equity: () => 14_000 },
      submit: (intent: { symbol?: string; side?: string; qty?: string }) => {
        sent.push(`${intent.side} ${intent.qty} ${intent.symbol}`);
        return `id-${sent.length}`;
      },
    };
    const book = new Rebalancer(ctx as unknown as ConstructorParameters<typeof Rebalancer>[0]);
    book.step(() => 100);
    expect(sent).toEqual([]);
    book.setTargets(new Map([['BBB', 50]]), 'rotate');
    book.step(() => 100);
    expect(sent).toEqual(['sell 40 AAA']);
  });
});
