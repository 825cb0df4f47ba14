import { describe, expect, it } from 'vitest';
import { americanPrice } from '../../../src-shared/options/american.js';
import { bsmInto, bsmPrice } from '../../../src-shared/options/black-scholes.js';
import { impliedVol, impliedVolRaw, IV_ABOVE_MAXIMUM, IV_BELOW_INTRINSIC, type IvInputs } from '../../../src-shared/options/implied-vol.js';
import { newGreeks, OptionsError } from '../../../src-shared/options/types.js';

function refusal(o: IvInputs): OptionsError {
  try {
    impliedVol(o);
  } catch (error) {
    expect(error).toBeInstanceOf(OptionsError);
    return error as OptionsError;
  }
  throw new Error('expected a refusal');
}

describe('implied volatility', () => {
  it('round-trips to 1e-8 over a grid with deep wings and one-day expiries, wherever vega allows', () => {
    const g = newGreeks();
    let solved = 0;
    let worst = 0;
    for (const isCall of [true, false]) {
      for (const k of [20, 50, 80, 95, 100, 105, 120, 200, 500]) {
        for (const t of [1 / 365, 7 / 365, 0.25, 1, 5]) {
          for (const v of [0.01, 0.05, 0.2, 0.6, 1.5, 4]) {
            for (const [r, q] of [[0, 0], [0.05, 0.02], [0.02, 0.08]] as const) {
              bsmInto(isCall, 100, k, t, r, q, v, g);
              const price = g.price;
              // Below ~1e-250 the price has no digits left; at a time value under 1e-12 of the price, no volatility
              // is recoverable from a double.
              const bound = Math.max(0, isCall ? 100 * Math.exp(-q * t) - k * Math.exp(-r * t) : k * Math.exp(-r * t) - 100 * Math.exp(-q * t));
              if (price < 1e-250 || price - bound <= 1e-12 * price) continue;
              const iv = impliedVolRaw(isCall, price, 100, k, t, r, q);
              // The price itself is known to a few ulps: that much error divided by vega (per 1.00) is the floor.
              const allowed = 1e-8 + (8 * Number.EPSILON * price) / (g.vega * 100);
              const err = Math.abs(iv - v);
              expect(err, `${isCall ? 'call' : 'put'} K ${k} T ${t} vol ${v} r ${r} q ${q} price ${price}: got ${iv}`).toBeLessThanOrEqual(allowed);
              if (allowed <= 1.01e-8) worst = Math.max(worst, err);
              solved++;
            }
          }
        }
      }
    }
    expect(solved).toBeGreaterThan(1100);
    expect(worst).toBeLessThan(1e-8);
  });

  it('solves a one-day deep out-of-the-money option and the near-zero-vol wing', () => {
    const p = bsmPrice(false, 100, 90, 1 / 365, 0.05, 0, 0.5);
    expect(p).toBeLessThan(0.01);
    expect(impliedVol({ right: 'put', spot: 100, strike: 90, years: 1 / 365, rate: 0.05, dividend: 0, price: p })).toBeCloseTo(0.5, 10);
    const tiny = bsmPrice(true, 100, 130, 0.1, 0.01, 0, 0.08);
    expect(tiny).toBeLessThan(1e-20);
    expect(impliedVolRaw(true, tiny, 100, 130, 0.1, 0.01, 0)).toBeCloseTo(0.08, 12);
  });

  it('says there is no solution below the intrinsic value or above the upper bound, with a code and the bound', () => {
    const base = { right: 'call' as const, spot: 100, strike: 80, years: 0.5, rate: 0.05, dividend: 0 };
    const below = refusal({ ...base, price: 19 });
    expect(below.code).toBe('IV_BELOW_INTRINSIC');
    expect(below.message).toMatch(/price 19 is at or below the no-arbitrage lower bound 21\.97/);
    const above = refusal({ ...base, price: 100 });
    expect(above.code).toBe('IV_ABOVE_MAXIMUM');
    expect(above.message).toMatch(/upper bound 100\.000000/);
    expect(impliedVolRaw(false, 0, 100, 80, 0.5, 0.05, 0)).toBe(IV_BELOW_INTRINSIC);
    expect(impliedVolRaw(false, 80, 100, 80, 0.5, 0.05, 0)).toBe(IV_ABOVE_MAXIMUM);
    expect(refusal({ ...base, price: -1 }).message).toMatch(/price must be a finite number at or above 0/);
    expect(refusal({ ...base, years: 0, price: 25 }).message).toMatch(/years to expiry must be above 0/);
    expect(refusal({ ...base, style: 'american', price: 19.5 }).code).toBe('IV_BELOW_INTRINSIC');
  });

  it('round-trips American prices through the American pricer', () => {
    for (const [isCall, k, t, r, q, v] of [[false, 110, 0.5, 0.06, 0, 0.3], [true, 95, 1, 0.02, 0.05, 0.25], [false, 90, 7 / 365, 0.05, 0.01, 0.6]] as const) {
      const price = americanPrice(isCall, 100, k, t, r, q, v);
      const iv = impliedVol({ style: 'american', right: isCall ? 'call' : 'put', spot: 100, strike: k, years: t, rate: r, dividend: q, price });
      expect(iv).toBeCloseTo(v, 8);
    }
  });
});
