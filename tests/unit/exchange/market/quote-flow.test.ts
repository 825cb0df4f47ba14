import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { DEMO_SYMBOLS } from '../../../../src-main/exchange/market/demo-universe.js';
import { quoteUpdateOffsets } from '../../../../src-main/exchange/market/quote-flow.js';
import { Rng } from '../../../../src-main/exchange/market/prng.js';
import { SyntheticMarket } from '../../../../src-main/exchange/market/synthetic-market.js';

/** The local exchange's quote flow: its rate across the demo universe, its clustering, and determinism by seed. */
const at = (iso: string): number => Date.parse(iso);
const market = (seed: number): SyntheticMarket => new SyntheticMarket({ seed, clock: new SimulatedClock(at('2024-03-08T21:00:00Z'), 0) });
const FROM = at('2024-03-07T15:00:00Z');
const TO = at('2024-03-07T15:02:00Z');
const SECONDS = (TO - FROM) / 1000;

describe('quote updates of the demo market', () => {
  const m = market(42);
  const perSymbol = new Map(DEMO_SYMBOLS.map((s) => [s, m.quotes(s, FROM, TO)]));

  it('come at hundreds a second across the universe in regular hours, several a second for liquid names', () => {
    const total = [...perSymbol.values()].reduce((a, q) => a + q.length, 0);
    expect(perSymbol.size).toBeGreaterThanOrEqual(60);
    expect(total / SECONDS).toBeGreaterThan(200);
    for (const s of ['AAPL', 'MSFT', 'SPY', 'QQQ']) expect(perSymbol.get(s)!.length / SECONDS).toBeGreaterThan(4);
    // A quiet name updates less than a busy one, and never less than the heartbeat of one a second.
    const rates = [...perSymbol.values()].map((q) => q.length / SECONDS);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...rates)).toBeGreaterThan(2 * Math.min(...rates));
  });

  it('are in time order, inside the window, each a valid two-sided book', () => {
    for (const [symbol, quotes] of perSymbol) {
      const bad = quotes.filter(
        (q, i) =>
          q.symbol !== symbol || q.t < FROM || q.t >= TO || (i > 0 && q.t < quotes[i - 1]!.t) || q.askPrice <= q.bidPrice || Math.min(q.bidSize, q.askSize) < 1,
      );
      expect(bad).toEqual([]);
    }
  });

  it('are deterministic by seed, and another seed gives another flow', () => {
    const again = market(42);
    const other = market(7);
    for (const s of ['AAPL', 'XOM', 'EQIX']) {
      expect(again.quotes(s, FROM, TO)).toEqual(perSymbol.get(s));
      expect(other.quotes(s, FROM, TO).map((q) => q.t)).not.toEqual(perSymbol.get(s)!.map((q) => q.t));
    }
  });
});

describe('quoteUpdateOffsets (the Hawkes cluster process)', () => {
  it('follows trades: updates gather in the few hundred ms after each trade', () => {
    const trades = Array.from({ length: 30 }, (_, i) => 1000 + i * 2000);
    const offsets = quoteUpdateOffsets(trades, Rng.of(1, 'flow-test'));
    const near = offsets.filter((t) => trades.some((tr) => t > tr && t - tr <= 600)).length;
    // Trades occupy 30 windows of 600 ms, 30% of the minute; the excited updates put most of the flow there.
    expect(near / offsets.length).toBeGreaterThan(0.6);
    expect(offsets.every((t, i) => Number.isInteger(t) && t >= 0 && t < 60_000 && (i === 0 || t >= offsets[i - 1]!))).toBe(true);
  });

  it('is overdispersed against a Poisson stream of the same rate (updates beget updates)', () => {
    // Trades spread evenly, so any clustering of per-100 ms counts comes from the self-excitation.
    const trades = Array.from({ length: 240 }, (_, i) => i * 250);
    const dispersion: number[] = [];
    for (let run = 0; run < 20; run++) {
      const counts = new Array<number>(600).fill(0);
      for (const t of quoteUpdateOffsets(trades, Rng.of(run, 'flow-dispersion'))) counts[Math.floor(t / 100)]!++;
      const mu = counts.reduce((a, b) => a + b, 0) / counts.length;
      dispersion.push(counts.reduce((a, c) => a + (c - mu) ** 2, 0) / counts.length / mu);
    }
    expect(dispersion.reduce((a, b) => a + b, 0) / dispersion.length).toBeGreaterThan(1.3);
  });

  it('has no updates beyond the background for a minute with no trades', () => {
    expect(quoteUpdateOffsets([], Rng.of(3, 'empty'))).toEqual([]);
  });
});
