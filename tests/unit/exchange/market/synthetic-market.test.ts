import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { SyntheticMarket } from '../../../../src-main/exchange/market/synthetic-market.js';
import type { MarketEvent } from '../../../../src-main/exchange/market/types.js';

const at = (iso: string): number => Date.parse(iso);
const market = (seed: number, now = '2024-03-08T21:00:00Z'): SyntheticMarket =>
  new SyntheticMarket({ seed, clock: new SimulatedClock(at(now), 0) });

function logReturns(closes: number[]): number[] {
  return closes.slice(1).map((c, i) => Math.log(c / (closes[i] as number)));
}
function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function kurtosis(xs: number[]): number {
  const m = mean(xs);
  const v = mean(xs.map((x) => (x - m) ** 2));
  return mean(xs.map((x) => (x - m) ** 4)) / v ** 2;
}
function autocorrelation(xs: number[], lag: number): number {
  const m = mean(xs);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += ((xs[i] as number) - m) ** 2;
    if (i >= lag) num += ((xs[i] as number) - m) * ((xs[i - lag] as number) - m);
  }
  return num / den;
}
function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += ((a[i] as number) - ma) * ((b[i] as number) - mb);
    da += ((a[i] as number) - ma) ** 2;
    db += ((b[i] as number) - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('synthetic market', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const day = { amount: 1, unit: 'Day' } as const;
    const a = market(7);
    const b = market(7);
    const c = market(8);
    const range = [at('2024-01-01T00:00:00Z'), at('2024-03-08T00:00:00Z')] as const;
    expect(a.bars('AAPL', day, ...range)).toEqual(b.bars('AAPL', day, ...range));
    expect(a.bars('AAPL', day, ...range)).not.toEqual(c.bars('AAPL', day, ...range));
    const window = [at('2024-03-07T15:00:00Z'), at('2024-03-07T15:02:00Z')] as const;
    expect(a.quotes('MSFT', ...window)).toEqual(b.quotes('MSFT', ...window));
    expect(a.trades('MSFT', ...window)).toEqual(b.trades('MSFT', ...window));
    expect(a.trades('MSFT', ...window)).not.toEqual(c.trades('MSFT', ...window));
    expect(a.latestQuote('SPY')).toEqual(b.latestQuote('SPY'));
  });

  it('has fat tails, volatility clustering and correlated symbols', () => {
    const m = market(42, '2024-12-31T23:00:00Z');
    const day = { amount: 1, unit: 'Day' } as const;
    const range = [at('2016-01-01T00:00:00Z'), at('2024-12-31T00:00:00Z')] as const;
    const aapl = logReturns(m.bars('AAPL', day, ...range).map((b) => b.c));
    const msft = logReturns(m.bars('MSFT', day, ...range).map((b) => b.c));
    expect(aapl.length).toBeGreaterThan(2000);
    expect(kurtosis(aapl)).toBeGreaterThan(3);
    const squared = aapl.map((r) => r * r);
    expect(autocorrelation(squared, 1)).toBeGreaterThan(0.02);
    expect(correlation(aapl, msft)).toBeGreaterThan(0.3);
  });

  it('keeps bars consistent: daily bars aggregate the minute bars, highs and lows bound the bodies', () => {
    const m = market(3);
    const minutes = m.bars('NVDA', { amount: 1, unit: 'Min' }, at('2024-03-07T14:30:00Z'), at('2024-03-07T21:00:00Z'));
    const [daily] = m.bars('NVDA', { amount: 1, unit: 'Day' }, at('2024-03-07T05:00:00Z'), at('2024-03-07T06:00:00Z'));
    expect(minutes).toHaveLength(390);
    expect(daily?.o).toBe(minutes[0]?.o);
    expect(daily?.c).toBe(minutes[minutes.length - 1]?.c);
    expect(daily?.h).toBe(Math.max(...minutes.map((b) => b.h)));
    expect(daily?.l).toBe(Math.min(...minutes.map((b) => b.l)));
    expect(daily?.v).toBe(minutes.reduce((s, b) => s + b.v, 0));
    for (const b of minutes) {
      expect(b.h).toBeGreaterThanOrEqual(Math.max(b.o, b.c));
      expect(b.l).toBeLessThanOrEqual(Math.min(b.o, b.c));
      expect(b.v).toBeGreaterThan(0);
    }
    // A minute's trades rebuild its bar.
    const bar = minutes[100];
    const trades = m.trades('NVDA', bar?.t ?? 0, (bar?.t ?? 0) + 60_000);
    expect(trades[0]?.price).toBe(bar?.o);
    expect(trades[trades.length - 1]?.price).toBe(bar?.c);
    expect(Math.max(...trades.map((t) => t.price))).toBe(bar?.h);
    expect(Math.min(...trades.map((t) => t.price))).toBe(bar?.l);
    expect(trades.reduce((s, t) => s + t.size, 0)).toBe(bar?.v);
    const hours = m.bars('NVDA', { amount: 1, unit: 'Hour' }, at('2024-03-07T09:00:00Z'), at('2024-03-08T01:00:00Z'));
    expect(hours).toHaveLength(16);
    expect(m.bars('NVDA', { amount: 1, unit: 'Week' }, at('2024-01-01T00:00:00Z'), at('2024-03-09T00:00:00Z')).length).toBe(10);
    expect(m.bars('NVDA', { amount: 1, unit: 'Month' }, at('2023-01-01T00:00:00Z'), at('2024-03-09T00:00:00Z')).length).toBe(15);
  });

  it('quotes bracket the trades, spreads widen outside regular hours, nothing outside sessions', () => {
    const m = market(5);
    const regular = m.quotes('AAPL', at('2024-03-07T16:00:00Z'), at('2024-03-07T16:10:00Z'));
    const evening = m.quotes('AAPL', at('2024-03-08T00:00:00Z'), at('2024-03-08T00:10:00Z'));
    // At least the heartbeat's one quote in every second of the ten minutes, plus the quote flow between them.
    const seconds = new Set(regular.map((q) => Math.floor(q.t / 1000)));
    expect(seconds.size).toBe(600);
    expect(regular.length).toBeGreaterThan(1200);
    const spread = (qs: typeof regular): number => mean(qs.map((q) => q.askPrice - q.bidPrice));
    expect(spread(evening)).toBeGreaterThan(spread(regular));
    for (const q of regular) expect(q.askPrice).toBeGreaterThan(q.bidPrice);
    expect(m.trades('AAPL', at('2024-03-09T12:00:00Z'), at('2024-03-10T12:00:00Z'))).toEqual([]);
    expect(m.quotes('AAPL', at('2024-03-08T01:00:00Z'), at('2024-03-08T09:00:00Z'))).toEqual([]);
  });

  it('emits events in time order on advanceTo, and a halted symbol goes quiet with a status event', () => {
    const clock = new SimulatedClock(at('2024-03-07T15:00:00Z'), 0);
    const m = new SyntheticMarket({ seed: 1, clock, symbols: ['AAPL', 'MSFT'] });
    const events: MarketEvent[] = [];
    m.onEvents((batch) => events.push(...batch));
    clock.advanceTo(at('2024-03-07T15:01:30Z'));
    m.advanceTo(clock.now());
    const time = (e: MarketEvent): number =>
      e.kind === 'trade' ? e.trade.t : e.kind === 'quote' ? e.quote.t : e.kind === 'status' ? e.t : e.bar.t + 60_000;
    const times = events.map(time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.filter((e) => e.kind === 'bar')).toHaveLength(2);
    events.length = 0;
    m.setHalted('AAPL', true);
    expect(m.isHalted('AAPL')).toBe(true);
    expect(events).toEqual([expect.objectContaining({ kind: 'status', symbol: 'AAPL', halted: true })]);
    clock.advanceBy(30_000);
    m.advanceTo(clock.now());
    const aapl = events.filter((e) => (e.kind === 'trade' && e.trade.symbol === 'AAPL') || (e.kind === 'quote' && e.quote.symbol === 'AAPL'));
    expect(aapl).toEqual([]);
    expect(events.some((e) => e.kind === 'trade' && e.trade.symbol === 'MSFT')).toBe(true);
    m.setHalted('AAPL', false);
    clock.advanceBy(30_000);
    m.advanceTo(clock.now());
    expect(events.some((e) => e.kind === 'trade' && e.trade.symbol === 'AAPL')).toBe(true);
  });

  it('emits the daily bar at the close', () => {
    const clock = new SimulatedClock(at('2024-03-07T20:59:00Z'), 0);
    const m = new SyntheticMarket({ seed: 1, clock, symbols: ['SPY'] });
    const events: MarketEvent[] = [];
    m.onEvents((batch) => events.push(...batch));
    clock.advanceTo(at('2024-03-07T21:00:30Z'));
    m.advanceTo(clock.now());
    expect(events.filter((e) => e.kind === 'dailyBar')).toHaveLength(1);
  });

  it('answers latest trade and quote from the last session when closed', () => {
    const m = market(9, '2024-03-09T15:00:00Z');
    const trade = m.latestTrade('TSLA');
    expect(trade && new Date(trade.t).toISOString() < '2024-03-09T01:00:00.000Z').toBe(true);
    expect(trade && trade.t > at('2024-03-09T00:59:00Z')).toBe(true);
    expect(m.latestQuote('NOPE')).toBeUndefined();
  });
});
