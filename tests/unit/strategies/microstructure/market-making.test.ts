import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../../../src-shared/domain/order-intent.js';
import { runBacktest } from '../../../../src-main/backtest/backtest.js';
import { parseParams } from '../../../../src-main/kernel/strategy/params.js';
import { defineStrategy, type OrderChanges, type StrategyDefinition } from '../../../../src-main/kernel/strategy/types.js';
import { avellanedaStoikov, gridQuotes } from '../../../../src-main/strategies/microstructure/avellaneda-stoikov.js';
import { marketMaking } from '../../../../src-main/strategies/microstructure/market-making.js';
import { tickData, tickStream } from '../../../support/tick-stream.js';

const MINUTE = 60_000;
// 2024-01-16, New York 14:30 (19:30 UTC): 90 minutes to the close, through the 15:55 flattening.
const START = Date.UTC(2024, 0, 16, 19, 30);

type Request = { kind: 'submit' | 'replace' | 'cancel'; t: number; intent?: OrderIntent; reason?: string; changes?: OrderChanges; held: number; side?: 'buy' | 'sell' };

/** The strategy as registered, with every request it makes recorded on its way to the engine (times from the run's clock). */
function recorded(requests: Request[]): StrategyDefinition {
  const d = marketMaking as unknown as StrategyDefinition;
  // Each order id's side, so a replace (which names only the id) can be checked against the position too.
  const sides = new Map<string, 'buy' | 'sell'>();
  return defineStrategy({
    ...d,
    create(p, ctx) {
      return d.create(p, {
        ...ctx,
        submit: (intent, reason) => {
          const id = ctx.submit(intent, reason);
          sides.set(id, intent.side!);
          requests.push({ kind: 'submit', t: ctx.clock.now(), intent, held: ctx.portfolio.position('SYN'), side: intent.side!, ...(reason !== undefined ? { reason } : {}) });
          return id;
        },
        replace: (id, changes) => {
          const side = sides.get(id);
          requests.push({ kind: 'replace', t: ctx.clock.now(), changes, held: ctx.portfolio.position('SYN'), ...(side ? { side } : {}) });
          const next = ctx.replace(id, changes);
          if (side) sides.set(next, side);
          return next;
        },
        cancel: (id) => (requests.push({ kind: 'cancel', t: ctx.clock.now(), held: ctx.portfolio.position('SYN') }), ctx.cancel(id)),
      });
    },
  });
}

function run(raw: Record<string, string | number>, stream: ReturnType<typeof tickStream>) {
  const requests: Request[] = [];
  const params = parseParams(marketMaking.params, raw);
  const result = runBacktest(recorded(requests), params, tickData([['SYN', stream]]), { account: { cash: 1_000_000, allowShort: true } });
  return { result, requests, params };
}

/** The inputs a quote's reason reports, read back as numbers. */
function inputsOf(reason: string): Record<string, number> {
  const inside = /\[(.*)\]$/.exec(reason)![1]!;
  return Object.fromEntries(inside.split(' ').map((kv) => [kv.split('=')[0]!, Number(kv.split('=')[1])]));
}

describe('market-making (Avellaneda-Stoikov on the top of book)', () => {
  const stream = tickStream({ seed: 11, start: START, minutes: 90, price: 100, vol: 0.0001, flowLead: 2 });

  it('every quote it places is the formula at the inputs it reports, rounded to the grid, with the inventory it held', () => {
    const { result, requests } = run({}, stream);
    const placed = requests.filter((r) => r.kind === 'submit' && r.intent!.type === 'limit');
    expect(placed.length).toBeGreaterThan(10);
    const skewed = placed.filter((r) => inputsOf(r.reason!).q !== 0);
    // Some quotes were made while holding inventory, so the skew term was exercised.
    expect(skewed.length).toBeGreaterThan(0);
    for (const r of placed) {
      const i = inputsOf(r.reason!);
      const as = avellanedaStoikov({ mid: i.mid!, inventory: i.q!, gamma: i.gamma!, sigma2: i.sigma2!, timeLeft: i.timeLeft!, k: i.k! });
      const grid = gridQuotes(as, i.tick!, i.minTicks!, { bid: i.marketBid!, ask: i.marketAsk! });
      expect(Number(r.intent!.limitPrice)).toBe(r.intent!.side === 'buy' ? grid.bid : grid.ask);
      // The mid reported is the quote's, and T - t counts down to 15:55 New York (20:55 UTC).
      expect(i.marketBid! < i.mid! && i.mid! < i.marketAsk!).toBe(true);
      expect(i.timeLeft).toBeCloseTo((Date.UTC(2024, 0, 16, 20, 55) - r.t) / 1000, 6);
    }
    // Flat at the end: the inventory is closed before the session ends.
    expect(result.positions).toEqual({});
  });

  it('never holds more than maxInventory either way, and reaches it (the limit binds)', () => {
    const trending = tickStream({ seed: 5, start: START, minutes: 90, price: 100, vol: 0.0001, drift: 4e-6 });
    const { result, params } = run({ maxInventory: 300, orderSize: 100, gamma: 0.01 }, trending);
    let pos = 0;
    let peak = 0;
    for (const f of result.fills) {
      pos += f.side === 'buy' ? f.qty : -f.qty;
      peak = Math.max(peak, Math.abs(pos));
      expect(Math.abs(pos)).toBeLessThanOrEqual(params.maxInventory);
    }
    expect(peak).toBe(300);
    // Every working quote's size fits within the limit at the moment it was sent.
    for (const o of result.orders.filter((x) => x.type === 'limit')) expect(o.qty).toBeLessThanOrEqual(100);
  });

  it('over ten minutes of quotes at full speed, no 60 s window holds more requests than the limit, nor any second more than the burst and its refill, counted from the order log', () => {
    // Twenty quotes a second and a volatile mid; quoting as eagerly as the parameters allow.
    const fast = tickStream({ seed: 7, start: START, minutes: 10, price: 100, vol: 0.0006, quoteGapMs: 50, tradeRate: 3 });
    expect(fast.quotes.length).toBeGreaterThan(10_000);
    const limit = 60;
    const { result, requests } = run({ maxRequestsPerMinute: limit, replaceTicks: 1, refreshMs: 100, minRequestGapMs: 0, warmupSec: 0, volHalfLifeSec: 5, intensityHalfLifeSec: 5, adverseCount: 50 }, fast);
    // Places and replaces: every order of the run's log that the strategy asked for (each replace makes one).
    const logged = result.orders.map((o) => o.submittedAt);
    const asked = requests.filter((r) => r.kind !== 'cancel').map((r) => r.t);
    expect(logged).toEqual(asked);
    // Cancels do not make orders; their times come from the requests.
    const times = [...logged, ...requests.filter((r) => r.kind === 'cancel').map((r) => r.t)].sort((a, b) => a - b);
    let worst = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[j]! <= times[i]! - MINUTE) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(limit);
    // The strategy pushed against the budget (without it, it would have sent far more): the test can fail.
    expect(worst).toBeGreaterThanOrEqual(limit - 5);
    expect(times.length).toBeGreaterThan(limit * 8);
    // Paced: in any second at most maxBurst (5) and the one token a second refills, never the minute at once.
    let worstSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[j]! <= times[i]! - 1_000) j++;
      worstSecond = Math.max(worstSecond, i - j + 1);
    }
    expect(worstSecond).toBeLessThanOrEqual(5 + 1);
    expect(worstSecond).toBeGreaterThanOrEqual(3);
  });

  it('replaces a quote only on a move of replaceTicks, or once it is refreshMs old, never within minRequestGapMs of the last request on that side', () => {
    const { result, requests, params } = run({}, stream);
    const asked = requests.filter((r) => r.kind !== 'cancel');
    // The order log holds one order per place or replace, in the order they were asked.
    expect(result.orders.map((o) => o.submittedAt)).toEqual(asked.map((r) => r.t));
    const last = new Map<string, { price: number; t: number }>();
    let replaces = 0;
    let small = 0;
    result.orders.forEach((o, i) => {
      if (o.type !== 'limit') return;
      const prev = last.get(o.side);
      if (asked[i]!.kind === 'replace') {
        replaces++;
        const ticks = Math.round(Math.abs(o.limitPrice! - prev!.price) / params.tick);
        const age = o.submittedAt - prev!.t;
        expect(ticks >= params.replaceTicks || age >= params.refreshMs, `${o.id}: ${ticks} ticks after ${age} ms`).toBe(true);
        expect(age).toBeGreaterThanOrEqual(params.minRequestGapMs);
        if (ticks < params.replaceTicks) small++;
      }
      last.set(o.side, { price: o.limitPrice!, t: o.submittedAt });
    });
    // Both kinds of replacement happened: the rule was exercised, not vacuous.
    expect(replaces).toBeGreaterThan(100);
    expect(small).toBeGreaterThan(0);
  });

  it('stops quoting for the cool-off after repeated adverse selection', () => {
    const { result, requests, params } = run({ adverseSpreads: 0.5, adverseCount: 2, coolOffSec: 300 }, stream);
    const stops = result.logs.filter((l) => /adversely selected/.test(l.message));
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) {
      // Nothing is placed or replaced during the cool-off.
      const during = requests.filter((r) => r.kind !== 'cancel' && r.t >= s.t && r.t < s.t + params.coolOffSec * 1000 && r.intent?.type !== 'market');
      expect(during).toEqual([]);
    }
  });
});

describe('market-making in an account without short selling', () => {
  it('with allowShort=false it never quotes an ask larger than what it holds, so no fill is refused and it never goes short', () => {
    const stream = tickStream({ seed: 11, start: START, minutes: 90, price: 100, vol: 0.0001, flowLead: 2 });
    const params = parseParams(marketMaking.params, { allowShort: 'false' });
    const r = runBacktest(marketMaking as unknown as StrategyDefinition, params, tickData([['SYN', stream]]), { account: { cash: 1_000_000, allowShort: false } });
    expect(r.orders.filter((o) => o.state === 'rejected')).toEqual([]);
    let pos = 0;
    for (const f of r.fills) {
      pos += f.side === 'buy' ? f.qty : -f.qty;
      expect(pos).toBeGreaterThanOrEqual(0);
    }
    expect(r.fills.some((f) => f.side === 'sell')).toBe(true);
    // With shorts allowed the same run does go short (the parameter is what keeps it long).
    const short = runBacktest(marketMaking as unknown as StrategyDefinition, parseParams(marketMaking.params, {}), tickData([['SYN', stream]]), { account: { cash: 1_000_000, allowShort: true } });
    let low = 0;
    let p = 0;
    for (const f of short.fills) low = Math.min(low, (p += f.side === 'buy' ? f.qty : -f.qty));
    expect(low).toBeLessThan(0);
  });
});

describe('market-making against a broker that refuses to take a position through zero in one order', () => {
  it('never sends an order that takes the position through zero (Alpaca refuses it: INSUFFICIENT_QTY), even holding less than a quote', () => {
    const trending = tickStream({ seed: 5, start: START, minutes: 90, price: 100, vol: 0.0001, drift: 4e-6 });
    // A limit that is not a multiple of the quote size leaves positions (250, 150, 50) smaller than a full quote.
    const { result, requests } = run({ maxInventory: 250, orderSize: 100, gamma: 0.01 }, trending);
    const sized = requests.filter((r) => (r.kind === 'submit' && r.intent!.type === 'limit') || (r.kind === 'replace' && r.changes!.qty !== undefined));
    let reducing = 0;
    for (const r of sized) {
      const qty = Number(r.kind === 'submit' ? r.intent!.qty : r.changes!.qty);
      const against = (r.side === 'sell' && r.held > 0) || (r.side === 'buy' && r.held < 0);
      if (!against) continue;
      reducing++;
      expect(qty, `${r.kind} ${r.side} ${qty} while holding ${r.held}`).toBeLessThanOrEqual(Math.abs(r.held));
    }
    // Quotes against a position were sent, some while it was smaller than a full quote.
    expect(reducing).toBeGreaterThan(0);
    expect(sized.some((r) => ((r.side === 'sell' && r.held > 0) || (r.side === 'buy' && r.held < 0)) && Math.abs(r.held) < 100)).toBe(true);
    expect(result.orders.filter((o) => o.state === 'rejected')).toEqual([]);
  });
});
