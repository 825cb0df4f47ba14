import { describe, expect, it } from 'vitest';
import { AUTO_KAPPA, AUTO_WIDE_VARIANCE, americanInto, americanPrice, STEEP_SCHEME, WIDE_SCHEME } from '../../../src-shared/options/american.js';
import { bsmPrice } from '../../../src-shared/options/black-scholes.js';
import { priceOption } from '../../../src-shared/options/price.js';
import { newGreeks, OptionsError } from '../../../src-shared/options/types.js';
import { latticePrice } from './lattice.js';

/**
 * The lattice converged: Leisen-Reimer's American error falls like 1/n, so Richardson over n and 2n removes its
 * leading term (checked against 16,001 steps while writing this: within 1e-4 on the grid below).
 */
function converged(isCall: boolean, s: number, k: number, t: number, r: number, q: number, v: number): number {
  const a = latticePrice(true, isCall, s, k, t, r, q, v, 2001);
  const b = latticePrice(true, isCall, s, k, t, r, q, v, 4001);
  return 2 * b - a;
}

describe('American options (Andersen-Lake-Offengelden)', () => {
  it('is within a tenth of a cent of a converged lattice over a grid of calls and puts, dividends, expiries and moneyness', () => {
    let worst = 0;
    let cases = 0;
    for (const isCall of [false, true]) {
      for (const k of [60, 95, 100, 105, 150]) {
        for (const t of [1 / 365, 30 / 365, 1, 3]) {
          for (const [r, q, v] of [
            [0.05, 0, 0.25],
            [0.03, 0.06, 0.4],
            [0.08, 0.02, 0.15],
          ] as const) {
            // Calls without dividends are European (tested below): spend the lattice time where exercise matters.
            if (isCall && q === 0) continue;
            const alo = americanPrice(isCall, 100, k, t, r, q, v);
            const ref = converged(isCall, 100, k, t, r, q, v);
            const err = Math.abs(alo - ref);
            worst = Math.max(worst, err);
            cases++;
            expect(err, `${isCall ? 'call' : 'put'} K ${k} T ${t} r ${r} q ${q} vol ${v}: ${alo} vs lattice ${ref}`).toBeLessThan(0.001);
          }
        }
      }
    }
    expect(cases).toBe(100);
    expect(worst).toBeLessThan(0.001);
  });

  it('stays within a tenth of a cent in each regime of the automatic scheme (steep: low vol and high rates; wide: large vol^2 T)', () => {
    // max(r, q) / vol^2 at or above AUTO_KAPPA (FP-A on the steep grid), vol^2 T above AUTO_WIDE_VARIANCE (wide FP-B
    // grid), and the small FP-B grid just below each switch.
    const cases: [boolean, number, number, number, number, number][] = [
      [false, 100, 5, 0.05, 0.05, 0], // kappa 20
      [false, 100, 3, 0.08, 0.1, 0.02], // kappa 15.6, where FP-B alone is cents off
      [false, 90, 5, 0.1, 0.1, 0], // kappa 10
      [true, 100, 2, 0.08, 0, 0.08], // a call: the put's r is the call's yield, kappa 12.5
      [false, 105, 1, Math.sqrt(0.06 / AUTO_KAPPA) * 1.02, 0.06, 0.01], // just below the steep switch
      [true, 118, 4.27, 0.99, 0.099, 0.026], // vol^2 T 4.2
      [false, 70, 2.4, 1.4, 0.08, 0.015], // vol^2 T 4.7
      [false, 100, 1.9, 0.88, 0.05, 0.01], // vol^2 T 1.47, just below the wide switch
    ];
    for (const [isCall, k, t, v, r, q] of cases) {
      const alo = americanPrice(isCall, 100, k, t, r, q, v);
      const ref = converged(isCall, 100, k, t, r, q, v);
      expect(Math.abs(alo - ref), `${isCall ? 'call' : 'put'} K ${k} T ${t} r ${r} q ${q} vol ${v}: ${alo} vs lattice ${ref}`).toBeLessThan(0.001);
    }
    // The regimes really are exercised: the explicit schemes give the same prices as 'auto' there.
    expect(americanPrice(false, 100, 100, 5, 0.05, 0, 0.05)).toBe(americanPrice(false, 100, 100, 5, 0.05, 0, 0.05, STEEP_SCHEME));
    expect(0.99 * 0.99 * 4.27).toBeGreaterThan(AUTO_WIDE_VARIANCE);
    expect(americanPrice(true, 100, 118, 4.27, 0.099, 0.026, 0.99)).toBe(americanPrice(true, 100, 118, 4.27, 0.099, 0.026, 0.99, WIDE_SCHEME));
  });

  it('gives the published converged values', () => {
    // Call K 40, S 42, q .08, r .04, T .75, vol .35 (Haug's table; Bjerksund-Stensland 1993 gives 5.2704, a cent off).
    expect(americanPrice(true, 42, 40, 0.75, 0.04, 0.08, 0.35)).toBeCloseTo(5.30906, 4);
    // Hull's American put S 50, K 50, r .10, vol .40, T 5/12 (CRR at 1,000 steps gives 4.2836, still moving).
    expect(americanPrice(false, 50, 50, 5 / 12, 0.1, 0, 0.4)).toBeCloseTo(4.28422, 4);
    // Ju (1999)'s case put K 40, S 40, r .0488, T .5833, vol .30: the reference notes list 3.161, but the lattice
    // here converges to 3.16966 (2,001 steps 3.169660, 4,001 steps 3.169655), and so does this method.
    expect(americanPrice(false, 40, 40, 0.5833, 0.0488, 0, 0.3)).toBeCloseTo(3.16966, 4);
  });

  it('is never below the European price nor the intrinsic value', () => {
    for (const isCall of [true, false]) {
      for (const k of [50, 90, 100, 110, 200]) {
        for (const [t, r, q, v] of [[0.01, 0.05, 0.03, 0.2], [0.5, 0.08, 0, 0.3], [2, 0.02, 0.07, 0.5], [1, -0.01, 0.01, 0.3]] as const) {
          const a = americanPrice(isCall, 100, k, t, r, q, v);
          expect(a).toBeGreaterThanOrEqual(bsmPrice(isCall, 100, k, t, r, q, v) - 1e-12);
          expect(a).toBeGreaterThanOrEqual(Math.max(0, isCall ? 100 - k : k - 100));
        }
      }
    }
  });

  it('prices a call without dividends as the European call (early exercise is never optimal)', () => {
    for (const k of [70, 100, 130]) {
      for (const t of [7 / 365, 0.5, 3]) {
        expect(americanPrice(true, 100, k, t, 0.05, 0, 0.3)).toBeCloseTo(bsmPrice(true, 100, k, t, 0.05, 0, 0.3), 12);
      }
    }
  });

  it('exercises at once deep in the money: a deep put is worth its intrinsic value', () => {
    expect(americanPrice(false, 40, 100, 1, 0.08, 0, 0.2)).toBe(60);
  });

  it('has greeks that agree with the lattice by finite differences', () => {
    const g = americanInto(false, 100, 105, 0.5, 0.05, 0.01, 0.3, newGreeks());
    const h = 0.5;
    const lat = (s: number, v = 0.3, t = 0.5, r = 0.05): number => latticePrice(true, false, s, 105, t, r, 0.01, v, 3001);
    expect(g.delta).toBeCloseTo((lat(100 + h) - lat(100 - h)) / (2 * h), 2);
    expect(g.gamma).toBeCloseTo((lat(100 + h) - 2 * lat(100) + lat(100 - h)) / (h * h), 2);
    expect(g.vega).toBeCloseTo((lat(100, 0.31) - lat(100, 0.29)) / 2, 2);
    expect(g.rho).toBeCloseTo((lat(100, 0.3, 0.5, 0.06) - lat(100, 0.3, 0.5, 0.04)) / 2, 2);
    expect(g.theta).toBeCloseTo((lat(100, 0.3, 0.5 - 5 / 365) - lat(100, 0.3, 0.5 + 5 / 365)) / 10, 3);
  });

  it('through priceOption validates and returns greeks in the same units as the European', () => {
    const am = priceOption({ style: 'american', right: 'call', spot: 100, strike: 100, years: 0.5, rate: 0.05, dividend: 0, vol: 0.2 });
    const eu = priceOption({ right: 'call', spot: 100, strike: 100, years: 0.5, rate: 0.05, dividend: 0, vol: 0.2 });
    for (const key of ['price', 'delta', 'gamma', 'vega', 'theta', 'rho'] as const) expect(am[key]).toBeCloseTo(eu[key], 4);
    expect(() => priceOption({ style: 'american', right: 'put', spot: 100, strike: 100, years: 0, rate: 0.05, dividend: 0, vol: 0.2 })).toThrow(/years to expiry must be above 0/);
  });

  it('refuses the double-boundary regime (negative rate, yield below it) with a code', () => {
    try {
      americanPrice(false, 100, 100, 1, -0.01, -0.03, 0.2);
      expect.unreachable('should refuse');
    } catch (error) {
      expect((error as OptionsError).code).toBe('OPTION_UNSUPPORTED');
    }
  });
});
