import { describe, expect, it } from 'vitest';
import { EwmaVolatility, TradeArrivals } from '../../../../src-main/strategies/microstructure/estimators.js';
import { imbalance, MicrostructureFeatures, microprice, microstructureFeaturesAt, ofiStep, spread, WindowSum } from '../../../../src-main/strategies/microstructure/features.js';
import { RequestBudget } from '../../../../src-main/strategies/microstructure/rate-budget.js';

const q = (bid: number, bidSize: number, ask: number, askSize: number, t = 0) => ({ t, bid, bidSize, ask, askSize });

describe('top-of-book features', () => {
  it('spread, imbalance and microprice of one quote', () => {
    expect(spread(q(10, 300, 10.02, 100))).toBeCloseTo(0.02, 12);
    expect(imbalance(q(10, 300, 10.02, 100))).toBe(0.5);
    expect(imbalance(q(10, 0, 10.02, 0))).toBe(0);
    // (10 * 100 + 10.02 * 300) / 400 = 10.015: leans to the ask, where the size is thin.
    expect(microprice(q(10, 300, 10.02, 100))).toBeCloseTo(10.015, 12);
  });

  it('order-flow imbalance steps (Cont, Kukanov, Stoikov) worked by hand', () => {
    // Same prices: the change in bid size minus the change in ask size.
    expect(ofiStep(q(10, 300, 10.02, 200), q(10, 500, 10.02, 100))).toBe(200 + 100);
    // Bid up a tick: the whole new bid size is added; ask unchanged at 200 -> 200.
    expect(ofiStep(q(10, 300, 10.02, 200), q(10.01, 100, 10.02, 200))).toBe(100);
    // Ask down a tick (sellers stepping in): minus the new ask size; bid unchanged.
    expect(ofiStep(q(10, 300, 10.02, 200), q(10, 300, 10.01, 400))).toBe(-400);
    // Bid down a tick (the old bid taken out): minus the old bid size; ask up (old ask gone): plus its size.
    expect(ofiStep(q(10, 300, 10.02, 200), q(9.99, 500, 10.03, 100))).toBe(-300 + 200);
  });

  it('a window sum forgets what is older than the window', () => {
    const w = new WindowSum(1000);
    w.add(0, 5);
    w.add(500, 2);
    expect(w.sum(900)).toBe(7);
    expect(w.sum(1000)).toBe(2);
    expect(w.sum(1500)).toBe(0);
  });

  it('feature snapshot: OFI over the window in units of displayed depth, intensity from trades', () => {
    const f = new MicrostructureFeatures({ ofiWindowMs: 10_000, halfLifeMs: 10_000 });
    f.onQuote(q(10, 300, 10.02, 200, 0));
    f.onQuote(q(10, 500, 10.02, 100, 1000));
    const s = f.snapshot(1000)!;
    expect(s.ofi).toBe(300);
    // Mean depth of the two quotes: (500 + 600) / 2 = 550.
    expect(s.ofiNormalised).toBeCloseTo(300 / 550, 12);
    expect(s.imbalance).toBeCloseTo(400 / 600, 12);
    expect(f.snapshot(20_000)!.ofi).toBe(0);
  });
});

describe('online estimators', () => {
  it('volatility: a mid that alternates by a fixed log step every second reads that step squared per second', () => {
    const v = new EwmaVolatility(30_000);
    const step = 0.001;
    for (let i = 0; i <= 200; i++) v.update(i * 1000, 100 * Math.exp(i % 2 === 0 ? 0 : step));
    expect(v.variancePerSecond).toBeCloseTo(step * step, 12);
    expect(v.samples).toBe(200);
  });

  it('volatility samples at most once a second: quotes in between do not add bid-ask bounce', () => {
    const v = new EwmaVolatility(30_000);
    for (let i = 0; i <= 400; i++) v.update(i * 250, i % 2 === 0 ? 100 : 100.05);
    // Every 4th quote is a sample, and every sample sees the same mid (i multiple of 4 is even): no variance.
    expect(v.variancePerSecond).toBe(0);
    expect(v.samples).toBe(100);
  });

  it('trade arrivals: a steady 2 trades a second read as 2; k is 1 / the mean distance from the mid', () => {
    const a = new TradeArrivals(20_000, 0.005);
    for (let i = 0; i < 2000; i++) a.update(i * 500, i % 2 === 0 ? 100.01 : 99.97, 100);
    expect(a.rate(999_500)).toBeCloseTo(2, 1);
    // Distances 0.01 and 0.03 alternate: mean 0.02, k = 50 per dollar.
    expect(a.k).toBeCloseTo(50, 0);
  });
});

describe('request budget', () => {
  it('allows `limit` requests in any 60 s and keeps a reserve back from quoting', () => {
    const b = new RequestBudget(3);
    expect(b.take(0, 1)).toBe(true);
    expect(b.take(10, 1)).toBe(true);
    expect(b.take(20, 1)).toBe(false);
    expect(b.take(20)).toBe(true);
    expect(b.take(30)).toBe(false);
    expect(b.take(60_000)).toBe(true);
    expect(b.used(60_000)).toBe(3);
  });

  it('with a burst: that many at once, then one each limit / 60 s, the last token kept from quoting', () => {
    // 60 a minute: a token a second, 3 deep.
    const b = new RequestBudget(60, 60_000, 3);
    expect(b.take(0, 4)).toBe(true);
    expect(b.take(0, 4)).toBe(true);
    // One token left: quoting (with a reserve) may not take it, a cancel may.
    expect(b.take(0, 4)).toBe(false);
    expect(b.take(0)).toBe(true);
    expect(b.take(0)).toBe(false);
    expect(b.take(999)).toBe(false);
    expect(b.take(1_000)).toBe(true);
    // Ten idle seconds fill the bucket to its depth, not beyond.
    expect(b.available(11_000)).toBe(3);
    for (let i = 0; i < 3; i++) expect(b.take(11_000)).toBe(true);
    expect(b.take(11_000)).toBe(false);
    // Every one counts in the minute window too.
    expect(b.used(11_000)).toBe(7);
  });
});

describe('features in one call', () => {
  it('reads nothing after t: the same snapshot whatever comes later', () => {
    const quotes = Array.from({ length: 100 }, (_, i) => q(100 + (i % 3) * 0.01, 100 * (1 + (i % 5)), 100.02 + (i % 3) * 0.01, 100 * (1 + (i % 7)), i * 1000));
    const trades = Array.from({ length: 50 }, (_, i) => ({ t: i * 2000 + 500, price: 100.01, size: 100 }));
    const at = microstructureFeaturesAt(quotes, trades, 60_000)!;
    const later = microstructureFeaturesAt([...quotes.slice(0, 61), ...quotes.slice(61).map((x) => ({ ...x, bid: 1, ask: 2 }))], trades.map((x) => (x.t > 60_000 ? { ...x, price: 1 } : x)), 60_000)!;
    expect(later).toEqual(at);
    expect(at.quotes).toBe(61);
    expect(at.trades).toBe(30);
    expect(at.tradeIntensity).toBeGreaterThan(0);
    expect(at.volatilityPerSecond).toBeGreaterThan(0);
  });
});
