import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../../src-main/backtest/backtest.js';
import { MarketData, toColumns, toQuoteColumns, toTradeColumns } from '../../../../src-main/backtest/market-data.js';
import { defineStrategy } from '../../../../src-main/kernel/strategy/types.js';
import { bars } from '../helpers.js';

const T0 = Date.UTC(2020, 0, 1);
const LATENCY = 7;

/** A seeded random stream of quotes and prints within the first day; ticks at or after `perturbFrom` are shifted. */
function stream(seed: number, perturbFrom = Infinity, minStep = 0) {
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const quotes: Array<{ t: number; bid: number; bidSize: number; ask: number; askSize: number }> = [];
  const trades: Array<{ t: number; price: number; size: number }> = [];
  let t = T0;
  let mid = 1000;
  for (let k = 0; k < 3000; k++) {
    t += minStep + Math.floor(rnd() * 6); // ties included unless minStep > 0
    mid += Math.floor(rnd() * 3) - 1;
    const shift = t >= perturbFrom ? 3 : 0;
    const bid = (mid - 1 + shift) / 100;
    const ask = (mid + 1 + shift) / 100;
    if (rnd() < 0.7) quotes.push({ t, bid, bidSize: 100 * (1 + Math.floor(rnd() * 5)), ask, askSize: 100 * (1 + Math.floor(rnd() * 5)) });
    else trades.push({ t, price: rnd() < 0.5 ? bid : ask, size: 50 * (1 + Math.floor(rnd() * 8)) });
  }
  const d = new MarketData([toColumns('R', bars([[10, 11, 9, 10], [10, 11, 9, 10]]))]);
  d.setTicks('R', { quotes: toQuoteColumns(quotes), trades: toTradeColumns(trades) });
  return { data: d, end: t };
}

interface Seen {
  violations: string[];
  placed: Map<string, { t: number; seen: number }>;
}

/** Quotes and cancels on what it has seen only; checks every tick and fill against its own clock. */
function quoter(seen: Seen, latency = LATENCY) {
  return defineStrategy({
    name: 'tick-quoter',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create(_p, ctx) {
      let count = 0;
      let last = -Infinity;
      let bid = 0;
      let ask = 0;
      const open: string[] = [];
      const check = (t: number, what: string) => {
        if (t !== ctx.clock.now()) seen.violations.push(`${what} at ${t} seen with the clock at ${ctx.clock.now()}`);
        if (t < last) seen.violations.push(`${what} at ${t} after a tick at ${last}`);
        last = t;
        count++;
      };
      const act = () => {
        if (bid === 0) return;
        const k = count % 5;
        const place = (id: string) => {
          seen.placed.set(id, { t: ctx.clock.now(), seen: count });
          open.push(id);
        };
        if (k === 0) place(ctx.submit(ctx.orders.limit('R', 'buy', 100, bid, 'gtc')));
        else if (k === 1) place(ctx.submit(ctx.orders.limit('R', 'sell', 100, ask, 'gtc')));
        else if (k === 2 && open.length > 0) ctx.cancel(open.shift()!);
        else if (k === 3 && count % 45 === 3) place(ctx.submit(ctx.orders.market('R', ctx.portfolio.position('R') > 0 ? 'sell' : 'buy', 50)));
      };
      return {
        onQuote: (_s, q) => {
          check(q.t, 'quote');
          bid = q.bid;
          ask = q.ask;
          act();
        },
        onTrade: (_s, x) => {
          check(x.t, 'trade');
          act();
        },
        onFill: (f) => {
          const p = seen.placed.get(f.orderId)!;
          // Without latency, on distinct tick times: strictly later than the tick it was sent on.
          if (latency === 0 ? f.t <= p.t : f.t < p.t + latency) seen.violations.push(`${f.orderId} filled at ${f.t}, sent at ${p.t}`);
          // A fill happens on a tick the strategy has not seen yet, which must come after the one it was sent on.
          if (count < p.seen) seen.violations.push(`${f.orderId} filled on tick ${count}, sent on tick ${p.seen}`);
          if (f.t !== ctx.clock.now()) seen.violations.push(`fill at ${f.t} with the clock at ${ctx.clock.now()}`);
        },
      };
    },
  });
}

describe('no lookahead on ticks with quote-level fills', () => {
  it('the strategy sees each tick at its own time, and an order fills only on later ticks at or after sent + latency', () => {
    const seen: Seen = { violations: [], placed: new Map() };
    const r = runBacktest(quoter(seen), {}, stream(7).data, { fill: { queue: { latencyMs: LATENCY }, commission: { kind: 'none' } }, account: { allowShort: true } });
    expect(seen.violations).toEqual([]);
    // The check is only as strong as the run is busy: many orders, fills on both sides, cancels.
    expect(r.fills.length).toBeGreaterThan(50);
    expect(new Set(r.fills.map((f) => f.side)).size).toBe(2);
    expect(r.orders.filter((o) => o.state === 'canceled').length).toBeGreaterThan(20);
  });

  it('without latency, an order sent on a tick never fills on that tick (the fill model meets a tick before the strategy sees it)', () => {
    const seen: Seen = { violations: [], placed: new Map() };
    const r = runBacktest(quoter(seen, 0), {}, stream(5, Infinity, 1).data, { fill: { queue: { latencyMs: 0 } }, account: { allowShort: true } });
    expect(seen.violations).toEqual([]);
    expect(r.fills.length).toBeGreaterThan(50);
  });

  it('changing the ticks after a time changes nothing the run did before it', () => {
    const full = stream(11);
    const cut = full.end - Math.floor((full.end - T0) / 3);
    const run = (data: MarketData) => {
      const r = runBacktest(quoter({ violations: [], placed: new Map() }), {}, data, { fill: { queue: { latencyMs: LATENCY } }, account: { allowShort: true } });
      return {
        fills: r.fills.filter((f) => f.t < cut).map((f) => [f.orderId, f.qty, f.price, f.t]),
        sent: r.orders.filter((o) => o.submittedAt < cut).map((o) => [o.id, o.side, o.type, o.limitPrice, o.submittedAt]),
        fillsAfter: r.fills.filter((f) => f.t >= cut).length,
      };
    };
    const a = run(full.data);
    const b = run(stream(11, cut).data);
    expect(a.fills.length).toBeGreaterThan(20);
    expect(b.fills).toEqual(a.fills);
    expect(b.sent).toEqual(a.sent);
  });
});
