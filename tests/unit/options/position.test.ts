import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../../../src-shared/options/black-scholes.js';
import { parseLeg } from '../../../src-shared/options/leg-syntax.js';
import { normCdf } from '../../../src-shared/options/normal.js';
import { analysePosition, type Leg, type Market, payoffCurve, pnlAt, positionGreeks } from '../../../src-shared/options/position.js';
import { OptionsError } from '../../../src-shared/options/types.js';

const m: Market = { spot: 100, rate: 0.03, dividend: 0 };
const opt = (side: 'buy' | 'sell', kind: 'call' | 'put', strike: number, premium: number, quantity = 1): Leg => ({ side, kind, strike, premium, quantity, years: 30 / 365, vol: 0.25 });

describe('multi-leg positions', () => {
  it('bull call spread: exact breakeven, capped profit and loss', () => {
    const legs = [opt('buy', 'call', 100, 3), opt('sell', 'call', 110, 1)];
    const a = analysePosition(legs, m);
    expect(a.netPremium).toBeCloseTo(200, 10); // a debit of $2.00 x 100
    expect(a.breakevens).toHaveLength(1);
    expect(a.breakevens[0]).toBeCloseTo(102, 10);
    expect(a.maxProfit).toBeCloseTo(800, 10);
    expect(a.maxLoss).toBeCloseTo(-200, 10);
  });

  it('long straddle: two breakevens, unbounded profit; short call: unbounded loss', () => {
    const straddle = analysePosition([opt('buy', 'call', 100, 4), opt('buy', 'put', 100, 3.5)], m);
    expect(straddle.breakevens.map((b) => Number(b.toFixed(10)))).toEqual([92.5, 107.5]);
    expect(straddle.maxProfit).toBe('unbounded');
    expect(straddle.maxLoss).toBeCloseTo(-750, 10);
    const naked = analysePosition([opt('sell', 'call', 105, 2)], m);
    expect(naked.maxLoss).toBe('unbounded');
    expect(naked.maxProfit).toBeCloseTo(200, 10);
    expect(naked.breakevens[0]).toBeCloseTo(107, 10);
  });

  it('iron condor: credit, two breakevens, probability of profit from the lognormal between them', () => {
    const legs = [opt('buy', 'put', 85, 0.3), opt('sell', 'put', 90, 0.8), opt('sell', 'call', 110, 0.9), opt('buy', 'call', 115, 0.35)];
    const a = analysePosition(legs, m);
    const credit = 0.8 + 0.9 - 0.3 - 0.35;
    expect(a.netPremium).toBeCloseTo(-credit * 100, 10);
    expect(a.breakevens[0]).toBeCloseTo(90 - credit, 10);
    expect(a.breakevens[1]).toBeCloseTo(110 + credit, 10);
    expect(a.maxProfit).toBeCloseTo(credit * 100, 10);
    expect(a.maxLoss).toBeCloseTo(-(5 - credit) * 100, 10);
    // P(lo < S_T < hi) for ln S_T ~ N(ln S + (r - vol^2/2) t, vol^2 t), computed here directly.
    const t = 30 / 365;
    const sd = 0.25 * Math.sqrt(t);
    const mu = Math.log(100) + (0.03 - 0.5 * 0.25 * 0.25) * t;
    const expected = normCdf((Math.log(a.breakevens[1]!) - mu) / sd) - normCdf((Math.log(a.breakevens[0]!) - mu) / sd);
    expect(a.probabilityOfProfit).toBeCloseTo(expected, 12);
    expect(a.vol).toBeCloseTo(0.25, 12);
  });

  it('covered call with stock: the stock leg counts one for one', () => {
    const legs: Leg[] = [{ kind: 'stock', side: 'buy', quantity: 100, premium: 100 }, opt('sell', 'call', 105, 2)];
    const a = analysePosition(legs, m);
    expect(a.breakevens[0]).toBeCloseTo(98, 10);
    expect(a.maxProfit).toBeCloseTo(700, 10);
    expect(a.maxLoss).toBeCloseTo(-9800, 10);
    expect(positionGreeks(legs, m).delta).toBeCloseTo(100 - 100 * (bsmPrice(true, 100.001, 105, 30 / 365, 0.03, 0, 0.25) - bsmPrice(true, 99.999, 105, 30 / 365, 0.03, 0, 0.25)) / 0.002, 4);
  });

  it('before expiry the P/L is the legs at Black-Scholes-Merton on the remaining time; a calendar is analysed at the near expiry', () => {
    const legs = [opt('buy', 'call', 100, 3)];
    const t = 10 / 365;
    expect(pnlAt(legs, 104, t, m)).toBeCloseTo(100 * (bsmPrice(true, 104, 100, 30 / 365 - t, 0.03, 0, 0.25) - 3), 10);
    const calendar: Leg[] = [opt('sell', 'call', 100, 2.9), { ...opt('buy', 'call', 100, 4.6), years: 60 / 365 }];
    const a = analysePosition(calendar, m);
    expect(a.years).toBeCloseTo(30 / 365, 12);
    expect(a.breakevens).toHaveLength(2);
    expect(a.breakevens[0]!).toBeLessThan(100);
    expect(a.breakevens[1]!).toBeGreaterThan(100);
    for (const b of a.breakevens) expect(Math.abs(pnlAt(calendar, b, a.years, m))).toBeLessThan(1e-6);
    expect(typeof a.maxLoss).toBe('number');
    expect(a.maxLoss).toBeCloseTo(-170, 0); // far from the strike both calls end near parity: the debit is lost
    const curve = payoffCurve(legs, m, 30 / 365, 90, 110, 3);
    expect(curve).toEqual([{ spot: 90, pnl: -300 }, { spot: 100, pnl: -300 }, { spot: 110, pnl: 700 }]);
  });

  it('refuses a leg that cannot be valued, naming it', () => {
    expect(() => analysePosition([{ ...opt('buy', 'call', 100, 3), vol: -0.2 }], m)).toThrow(/leg 1: implied volatility must be above 0/);
    expect(() => analysePosition([opt('buy', 'call', 100, 3), { ...opt('buy', 'put', 100, 3), years: 0 }], m)).toThrow(/leg 2: years to expiry must be above 0/);
    expect(() => analysePosition([], m)).toThrow(OptionsError);
  });
});

describe('leg syntax', () => {
  it('reads options and stock legs', () => {
    expect(parseLeg('buy 1 call 100 @2.50')).toEqual({ side: 'buy', kind: 'call', quantity: 1, strike: 100, premium: 2.5 });
    expect(parseLeg('  SELL 2 put 95 years=0.25 vol=0.3 mult=10 ')).toEqual({ side: 'sell', kind: 'put', quantity: 2, strike: 95, years: 0.25, vol: 0.3, multiplier: 10 });
    expect(parseLeg('buy 100 stock @98.5')).toEqual({ side: 'buy', kind: 'stock', quantity: 100, premium: 98.5 });
  });

  it('says what is wrong and shows the syntax', () => {
    expect(() => parseLeg('hold 1 call 100')).toThrow(/starts with buy or sell.*syntax/);
    expect(() => parseLeg('buy x call 100')).toThrow(/quantity must be a number, got "x"/);
    expect(() => parseLeg('buy 1 future 100')).toThrow(/call, put or stock/);
    expect(() => parseLeg('buy 1 call 100 @abc')).toThrow(/price must be a number/);
    expect(() => parseLeg('buy 1 call 100 foo')).toThrow(/unexpected "foo"/);
    expect(() => parseLeg('buy 100 stock')).toThrow(/needs its price/);
  });
});
