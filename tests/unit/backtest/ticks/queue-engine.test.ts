import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runBacktest, type RunOptions } from '../../../../src-main/backtest/backtest.js';
import { MarketData, toColumns, toQuoteColumns, toTradeColumns } from '../../../../src-main/backtest/market-data.js';
import { defineStrategy, type Fill, type OrderUpdate, type StrategyContext } from '../../../../src-main/kernel/strategy/types.js';
import { bars } from '../helpers.js';

const T0 = Date.UTC(2020, 0, 1);
const rows: Array<[number, number, number, number]> = [
  [10, 10.1, 9.9, 10],
  [10, 10.1, 9.9, 10],
];
type Quote = { t: number; bid: number; bidSize: number; ask: number; askSize: number };
type Print = { t: number; price: number; size: number };

function data(quotes: Quote[], trades: Print[]) {
  const d = new MarketData([toColumns('Q', bars(rows))]);
  d.setTicks('Q', { quotes: toQuoteColumns(quotes), trades: toTradeColumns(trades) });
  return d;
}

type Act = (ctx: StrategyContext, ids: string[]) => void;

/** Runs `acts` at the quotes/trades at those times (ms after T0); records fills and order updates. */
function scripted(acts: Record<number, Act>, fills: Fill[], updates: OrderUpdate[]) {
  return defineStrategy({
    name: 'queue-script',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create(_p, ctx) {
      const ids: string[] = [];
      const at = (t: number) => acts[t - T0]?.(ctx, ids);
      return {
        onQuote: (_s, q) => at(q.t),
        onTrade: (_s, x) => at(x.t),
        onFill: (f) => void fills.push({ ...f }),
        onOrderUpdate: (u) => void updates.push({ ...u }),
      };
    },
  });
}

function run(quotes: Quote[], trades: Print[], acts: Record<number, Act>, options: RunOptions = { fill: { queue: { latencyMs: 0 } } }) {
  const fills: Fill[] = [];
  const updates: OrderUpdate[] = [];
  const shift = <X extends { t: number }>(x: X) => ({ ...x, t: T0 + x.t });
  const result = runBacktest(scripted(acts, fills, updates), {}, data(quotes.map(shift), trades.map(shift)), options);
  return { result, fills: fills.map((f) => [f.qty, f.price, f.t - T0]), states: updates.map((u) => [u.id, u.state, u.filledQty, u.t - T0]) };
}

const q = (t: number, bid: number, bidSize: number, ask: number, askSize: number): Quote => ({ t, bid, bidSize, ask, askSize });
const buyAtBid = (qty: number, limit: number): Act => (ctx, ids) => void ids.push(ctx.submit(ctx.orders.limit('Q', 'buy', qty, limit, 'gtc')));

describe('quote-level fills in the engine (fill.queue)', () => {
  it('an order sent on a quote joins behind the displayed size and fills as prints pass its place', () => {
    const { fills, result } = run(
      [q(0, 10, 300, 10.02, 200), q(5, 10, 300, 10.02, 200)],
      [
        { t: 1, price: 10, size: 250 },
        { t: 2, price: 10, size: 100 },
        { t: 3, price: 10, size: 100 },
      ],
      { 0: buyAtBid(100, 10) },
    );
    expect(fills).toEqual([
      [50, 10, 2],
      [50, 10, 3],
    ]);
    expect(result.orders[0]!.state).toBe('filled');
    expect(result.positions).toEqual({ Q: 100 });
  });

  it('latency: an order is not live until sent + latency, so prints in between pass it by', () => {
    const quotes = [q(0, 10, 0, 10.02, 200)];
    const trades = [
      { t: 30, price: 9.99, size: 10 },
      { t: 80, price: 10, size: 40 },
    ];
    expect(run(quotes, trades, { 0: buyAtBid(100, 10) }, { fill: { queue: { latencyMs: 50 } } }).fills).toEqual([[40, 10, 80]]);
    // Without latency the print through its price at 30 fills it whole.
    expect(run(quotes, trades, { 0: buyAtBid(100, 10) }).fills).toEqual([[100, 10, 30]]);
  });

  it('a cancel that arrives before the print leaves the order unfilled; one that arrives too late does not stop the fill', () => {
    const quotes = [q(0, 10, 0, 10.02, 200)];
    const trades = [
      { t: 10, price: 10.01, size: 1 },
      { t: 40, price: 10, size: 500 },
    ];
    const cancelAt10: Act = (ctx, ids) => ctx.cancel(ids[0]!);
    const early = run(quotes, trades, { 0: buyAtBid(100, 10), 10: cancelAt10 }, { fill: { queue: { latencyMs: 20 } } });
    expect(early.fills).toEqual([]);
    expect(early.states.at(-1)).toEqual(['bt-1', 'canceled', 0, 40]);
    const late = run(quotes, trades, { 0: buyAtBid(100, 10), 10: cancelAt10 }, { fill: { queue: { latencyMs: 35 } } });
    // Sent at 10, it would take effect at 45: the print at 40 comes first.
    expect(late.fills).toEqual([[100, 10, 40]]);
    expect(late.result.orders[0]!.state).toBe('filled');
  });

  it('a replace loses the queue place and counts what the old order filled while it travelled against the new quantity', () => {
    const { fills, result } = run(
      [q(0, 10, 0, 10.02, 200), q(50, 10, 100, 10.02, 200)],
      [
        { t: 10, price: 10.01, size: 1 },
        // The old order, live at 20 and first at 10, fills 30 before the replace (sent at 10) arrives at 30.
        { t: 25, price: 10, size: 30 },
        // The new one joined after 30 with nobody ahead: 70 left of its 100.
        { t: 60, price: 10, size: 100 },
      ],
      { 0: buyAtBid(100, 10), 10: (ctx, ids) => void ids.push(ctx.replace(ids[0]!, { qty: '100' })) },
      { fill: { queue: { latencyMs: 20 } } },
    );
    expect(fills).toEqual([
      [30, 10, 25],
      [70, 10, 60],
    ]);
    expect(result.orders.map((o) => [o.id, o.state, o.filledQty, o.qty])).toEqual([
      ['bt-1', 'replaced', 30, 100],
      ['bt-2', 'filled', 70, 70],
    ]);
  });

  it('a market order fills at the touch up to the displayed size, the rest at the next quotes', () => {
    const { fills } = run(
      [q(0, 10, 300, 10.02, 200), q(5, 10, 300, 10.03, 500)],
      [],
      { 0: (ctx) => void ctx.submit(ctx.orders.market('Q', 'buy', 300)) },
    );
    expect(fills).toEqual([
      [200, 10.02, 5],
      [100, 10.03, 5],
    ]);
  });

  it('orders sent in onBar meet only ticks after the bar (no earlier tick of its period)', () => {
    const barBuyer = defineStrategy({
      name: 'bar-buyer',
      description: 'test',
      params: z.object({}),
      timeframe: '1Day',
      universe: [],
      warmup: () => 0,
      create: (_p, ctx) => ({ onBar: (s) => void (ctx.portfolio.position(s) === 0 && ctx.submit(ctx.orders.limit(s, 'buy', 10, 10, 'gtc'))) }),
    });
    const d = data(
      [q(T0, 10, 0, 10.02, 200)],
      [
        { t: T0 + 1000, price: 9.9, size: 5 },
        { t: T0 + 86_400_000 + 1, price: 9.9, size: 5 },
      ],
    );
    const r = runBacktest(barBuyer, {}, d, { fill: { queue: { latencyMs: 0 } } });
    // Sent in the first bar's onBar (after its period's ticks): the print at T0 + 1 s is before it, the next day's is not.
    expect(r.fills.map((f) => [f.qty, f.price, f.t])).toEqual([[10, 10, T0 + 86_400_000 + 1]]);
  });

  it('a bracket: the exits go live after the entry fills (plus latency), the stop triggers on a print and cancels the take-profit', () => {
    const { fills, result } = run(
      [q(0, 10, 300, 10.02, 200), q(40, 9.96, 300, 9.98, 200)],
      [
        { t: 10, price: 10.01, size: 5 }, // the entry (live at 5) fills at the ask on this tick; exits live at 15
        { t: 12, price: 9.9, size: 5 }, // would trigger the stop, but the exits are not live yet
        { t: 50, price: 9.95, size: 5 }, // triggers the stop at 9.95: a market sell from the next tick
        { t: 60, price: 9.97, size: 5 },
      ],
      { 0: (ctx) => void ctx.submit(ctx.orders.bracket('Q', 'buy', 100, { takeProfit: 10.2, stopLoss: 9.95 }, undefined, 'gtc')) },
      { fill: { queue: { latencyMs: 5 } } },
    );
    expect(fills).toEqual([
      [100, 10.02, 10],
      [100, 9.96, 60], // the stop, triggered at 50, meets the book (bid 9.96) on the next tick
    ]);
    expect(result.orders.map((o) => [o.type, o.state])).toEqual([
      ['market', 'filled'],
      ['limit', 'canceled'],
      ['stop', 'filled'],
    ]);
  });

  it('trailing stops, auction and notional orders are refused with a reason; a symbol without quotes keeps the bar rules', () => {
    const d = new MarketData([toColumns('Q', bars(rows)), toColumns('B', bars([[20, 21, 19, 20], [22, 23, 21, 22]]))]);
    d.setTicks('Q', { quotes: toQuoteColumns([q(T0 + 5, 10, 0, 10.02, 200)]) });
    const strategy = scripted(
      {
        5: (ctx) => {
          ctx.submit(ctx.orders.trailingStop('Q', 'sell', 1, { trailPercent: 1 }));
          ctx.submit({ ...ctx.orders.limit('Q', 'buy', 1, 10), timeInForce: 'opg' });
          ctx.submit(ctx.orders.notional('Q', 'buy', 100));
          ctx.submit(ctx.orders.market('B', 'buy', 3));
        },
      },
      [],
      [],
    );
    const result = runBacktest(strategy, {}, d, { fill: { queue: { latencyMs: 0 } } });
    expect(result.orders.map((o) => [o.symbol, o.state, o.reason ?? ''])).toEqual([
      ['Q', 'rejected', expect.stringMatching(/not trailing stops/)],
      ['Q', 'rejected', expect.stringMatching(/no opening or closing auction/)],
      ['Q', 'rejected', expect.stringMatching(/notional order is not simulated/)],
      ['B', 'filled', ''],
    ]);
    // B has no quotes: its market order fills at the next bar's open, as without fill.queue.
    expect(result.fills.map((f) => [f.symbol, f.price, f.t])).toEqual([['B', 22, T0 + 86_400_000]]);
  });

  it('without fill.queue the same ticks leave orders to the bar rules', () => {
    const { fills } = run([q(0, 10, 0, 10.02, 200)], [{ t: 30, price: 9.99, size: 10 }], { 0: buyAtBid(100, 10) }, {});
    // The limit at 10 meets the next bar (open 10): filled at its open, not on the print.
    expect(fills).toEqual([[100, 10, 86_400_000]]);
  });
});
