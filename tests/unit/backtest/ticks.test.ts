import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns, toQuoteColumns, toTradeColumns } from '../../../src-main/backtest/market-data.js';
import { defineStrategy, type StrategyContext } from '../../../src-main/kernel/strategy/types.js';
import { bars, DAY } from './helpers.js';

const T0 = Date.UTC(2020, 0, 1);
const H = 3_600_000;
// Four daily bars: opens 10, 20, 30, 40; closes 11, 21, 31, 41.
const rows: Array<[number, number, number, number]> = [
  [10, 12, 9, 11],
  [20, 22, 19, 21],
  [30, 32, 29, 31],
  [40, 42, 39, 41],
];

type Seen = { event: string; t: number; now: number; sma: number; ready: boolean; position: number };

/** Records every event with what the strategy could see; `onFirstTrade` may act on the first trade. */
function recorder(seen: Seen[], onFirstTrade?: (ctx: StrategyContext) => void) {
  return defineStrategy({
    name: 'ticks',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create(_p, ctx) {
      let traded = false;
      const sma = ctx.indicators.sma('TICK', 1);
      const note = (event: string, t: number) => seen.push({ event, t, now: ctx.clock.now(), sma: sma.value, ready: sma.ready, position: ctx.portfolio.position('TICK') });
      return {
        onBar: (_s, bar) => note('bar', bar.t),
        onQuote: (_s, q) => note(`quote ${q.bid}/${q.ask}`, q.t),
        onTrade: (_s, t) => {
          note(`trade ${t.price}x${t.size}`, t.t);
          if (!traded && onFirstTrade) onFirstTrade(ctx);
          traded = true;
        },
      };
    },
  });
}

function data() {
  const d = new MarketData([toColumns('TICK', bars(rows))]);
  d.setTicks('TICK', {
    trades: toTradeColumns([
      { t: T0 + DAY + 2 * H, price: 20.5, size: 100 },
      { t: T0 + DAY + 5 * H, price: 20.7, size: 50 },
      { t: T0 + 3 * DAY + H, price: 40.2, size: 10 },
    ]),
    quotes: toQuoteColumns([
      { t: T0 - H, bid: 9, bidSize: 1, ask: 9.1, askSize: 1 },
      { t: T0 + DAY + 2 * H, bid: 20.4, bidSize: 3, ask: 20.6, askSize: 4 },
      { t: T0 + 2 * DAY + 23 * H, bid: 30.9, bidSize: 2, ask: 31.1, askSize: 2 },
    ]),
  });
  return d;
}

describe('trades and quotes in a backtest', () => {
  it('go to onQuote/onTrade in time order before the bar they fall in completes, on the simulated clock, seeing the last completed bar', () => {
    const seen: Seen[] = [];
    runBacktest(recorder(seen), {}, data());
    expect(seen.map((x) => [x.event, x.t, x.now, x.ready ? x.sma : null])).toEqual([
      // The quote before the first bar of the run is not part of it.
      ['bar', T0, T0, 11],
      ['quote 20.4/20.6', T0 + DAY + 2 * H, T0 + DAY + 2 * H, 11],
      ['trade 20.5x100', T0 + DAY + 2 * H, T0 + DAY + 2 * H, 11],
      ['trade 20.7x50', T0 + DAY + 5 * H, T0 + DAY + 5 * H, 11],
      ['bar', T0 + DAY, T0 + DAY, 21],
      ['quote 30.9/31.1', T0 + 2 * DAY + 23 * H, T0 + 2 * DAY + 23 * H, 21],
      ['bar', T0 + 2 * DAY, T0 + 2 * DAY, 31],
      ['trade 40.2x10', T0 + 3 * DAY + H, T0 + 3 * DAY + H, 31],
      ['bar', T0 + 3 * DAY, T0 + 3 * DAY, 41],
    ]);
  });

  it('an order sent on a trade meets bars from the next bar on: no fill inside the bar the trade fell in', () => {
    const seen: Seen[] = [];
    const r = runBacktest(recorder(seen, (ctx) => void ctx.submit(ctx.orders.market('TICK', 'buy', 5))), {}, data());
    expect(r.fills.map((f) => [f.price, f.t])).toEqual([[30, T0 + 2 * DAY]]);
    expect(seen.find((x) => x.event === 'bar' && x.t === T0 + DAY)!.position).toBe(0);
    expect(seen.find((x) => x.event === 'bar' && x.t === T0 + 2 * DAY)!.position).toBe(5);
  });

  it('a run window skips the ticks before it; a strategy without tick handlers runs as on bars alone', () => {
    const seen: Seen[] = [];
    runBacktest(recorder(seen), {}, data(), { from: 2 });
    expect(seen.map((x) => x.event)).toEqual(['quote 30.9/31.1', 'bar', 'trade 40.2x10', 'bar']);
    const barsOnly = defineStrategy({ name: 'b', description: 'test', params: z.object({}), timeframe: '1Day', universe: [], warmup: () => 0, create: (_p, ctx) => ({ onBar: (s) => void (ctx.portfolio.position(s) === 0 && ctx.submit(ctx.orders.market(s, 'buy', 1))) }) });
    expect(runBacktest(barsOnly, {}, data()).ordersHash).toBe(runBacktest(barsOnly, {}, new MarketData([toColumns('TICK', bars(rows))])).ordersHash);
  });

  it('refuses ticks out of time order or for a symbol without bars', () => {
    const d = new MarketData([toColumns('TICK', bars(rows))]);
    expect(() => d.setTicks('TICK', { trades: toTradeColumns([{ t: 2, price: 1, size: 1 }, { t: 1, price: 1, size: 1 }]) })).toThrow(/trade 1 is earlier/);
    expect(() => d.setTicks('OTHER', {})).toThrow(/OTHER, which has no bars/);
  });
});
