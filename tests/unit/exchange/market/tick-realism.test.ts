import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { SyntheticMarket } from '../../../../src-main/exchange/market/synthetic-market.js';

const at = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const market = (seed: number): SyntheticMarket => new SyntheticMarket({ seed, clock: new SimulatedClock(at('2024-03-08T21:00:00Z'), 0) });
const OPEN = at('2024-03-07T14:30:00Z');
const CLOSE = at('2024-03-07T21:00:00Z');

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** One regular session of a symbol: its minute bars with the quotes and trades inside each. */
function session(m: SyntheticMarket, symbol: string) {
  const bars = m.bars(symbol, { amount: 1, unit: 'Min' }, OPEN, CLOSE);
  const quotes = m.quotes(symbol, OPEN, CLOSE);
  const trades = m.trades(symbol, OPEN, CLOSE);
  return bars.map((bar) => ({
    bar,
    quotes: quotes.filter((q) => q.t >= bar.t && q.t < bar.t + MIN),
    trades: trades.filter((t) => t.t >= bar.t && t.t < bar.t + MIN),
  }));
}

describe('the local exchange\'s ticks', () => {
  const m = market(42);
  const days = ['AAPL', 'NVDA', 'XOM'].map((s) => session(m, s));

  it('still aggregate to the minute bar: open, high, low, close and volume', () => {
    for (const day of days) {
      for (const { bar, trades } of day) {
        if (trades.length === 0) continue;
        expect(trades[0]!.price).toBe(bar.o);
        expect(trades[trades.length - 1]!.price).toBe(bar.c);
        expect(Math.max(...trades.map((t) => t.price))).toBe(bar.h);
        expect(Math.min(...trades.map((t) => t.price))).toBe(bar.l);
        expect(trades.reduce((s, t) => s + t.size, 0)).toBe(bar.v);
      }
    }
  });

  it('spreads widen with the minute\'s range', () => {
    for (const day of days) {
      const withQuotes = day.filter((d) => d.quotes.length > 0);
      const spread = withQuotes.map((d) => mean(d.quotes.map((q) => (q.askPrice - q.bidPrice) / ((q.askPrice + q.bidPrice) / 2))));
      const range = withQuotes.map((d) => (d.bar.h - d.bar.l) / d.bar.o);
      expect(withQuotes.length).toBeGreaterThan(300);
      expect(correlation(spread, range)).toBeGreaterThan(0.3);
    }
  });

  it('displayed sizes thin out as the spread widens, and are never zero', () => {
    for (const day of days) {
      const quotes = day.flatMap((d) => d.quotes);
      const cents = quotes.map((q) => Math.round((q.askPrice - q.bidPrice) * 100));
      const sizes = quotes.map((q) => q.bidSize + q.askSize);
      expect(quotes.reduce((low, q) => Math.min(low, q.bidSize, q.askSize), Infinity)).toBeGreaterThanOrEqual(1);
      expect(correlation(cents, sizes)).toBeLessThan(-0.1);
    }
  });

  it('trade times cluster: per-second counts are overdispersed against a Poisson stream of the same rate', () => {
    for (const day of days) {
      // Index of dispersion (variance / mean) of trades per second within each minute, averaged over busy minutes.
      // A Poisson (or uniform-in-the-minute) stream gives about 1.
      const dispersion: number[] = [];
      for (const { bar, trades } of day) {
        if (trades.length < 20) continue;
        const counts = new Array<number>(60).fill(0);
        for (const t of trades) counts[Math.floor((t.t - bar.t) / 1000)]!++;
        const mu = mean(counts);
        dispersion.push(mean(counts.map((c) => (c - mu) ** 2)) / mu);
      }
      expect(dispersion.length).toBeGreaterThan(50);
      expect(mean(dispersion)).toBeGreaterThan(2);
    }
  });

  it('are deterministic by seed, and another seed gives other times', () => {
    const window = [at('2024-03-07T15:00:00Z'), at('2024-03-07T15:10:00Z')] as const;
    const again = market(42);
    expect(again.quotes('AAPL', ...window)).toEqual(m.quotes('AAPL', ...window));
    expect(again.trades('AAPL', ...window)).toEqual(m.trades('AAPL', ...window));
    expect(market(43).trades('AAPL', ...window).map((t) => t.t)).not.toEqual(m.trades('AAPL', ...window).map((t) => t.t));
  });
});
