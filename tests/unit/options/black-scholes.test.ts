import { describe, expect, it } from 'vitest';
import { bsmPrice, europeanGreeks } from '../../../src-shared/options/black-scholes.js';
import { OptionsError, type OptionInputs } from '../../../src-shared/options/types.js';

const call = (spot: number, strike: number, years: number, rate: number, dividend: number, vol: number): OptionInputs => ({ right: 'call', spot, strike, years, rate, dividend, vol });
const put = (spot: number, strike: number, years: number, rate: number, dividend: number, vol: number): OptionInputs => ({ right: 'put', spot, strike, years, rate, dividend, vol });

describe('European Black-Scholes-Merton', () => {
  it("gives Hull's example: S 42, K 40, r .10, vol .20, T .5 -> call 4.7594, put 0.8086", () => {
    expect(europeanGreeks(call(42, 40, 0.5, 0.1, 0, 0.2)).price).toBeCloseTo(4.7594, 4);
    expect(europeanGreeks(put(42, 40, 0.5, 0.1, 0, 0.2)).price).toBeCloseTo(0.8086, 4);
  });

  it("gives Haug's examples (as in QuantLib's europeanoption.cpp)", () => {
    expect(europeanGreeks(call(60, 65, 0.25, 0.08, 0, 0.3)).price).toBeCloseTo(2.1334, 4);
    expect(europeanGreeks(put(100, 95, 0.5, 0.1, 0.05, 0.2)).price).toBeCloseTo(2.4648, 4);
    expect(europeanGreeks(call(42, 40, 0.75, 0.04, 0.08, 0.35)).price).toBeCloseTo(5.0975, 4);
    expect(europeanGreeks(call(105, 100, 0.5, 0.1, 0.1, 0.36)).delta).toBeCloseTo(0.5946, 4);
    // Haug's vega is per 1.00 of volatility; ours is per point (0.01), Alpaca's unit.
    expect(europeanGreeks(call(55, 60, 0.75, 0.1, 0, 0.3)).vega * 100).toBeCloseTo(18.9358, 4);
  });

  it('satisfies put-call parity: C - P = S e^{-qT} - K e^{-rT}', () => {
    for (const [s, k, t, r, q, v] of [[100, 80, 0.1, 0.05, 0.02, 0.3], [100, 130, 2, 0.01, 0.06, 0.6], [50, 50, 1 / 365, 0.04, 0, 0.15]] as const) {
      const c = europeanGreeks(call(s, k, t, r, q, v)).price;
      const p = europeanGreeks(put(s, k, t, r, q, v)).price;
      expect(c - p).toBeCloseTo(s * Math.exp(-q * t) - k * Math.exp(-r * t), 12);
    }
  });

  it("matches finite differences for every greek in Alpaca's units", () => {
    for (const isCall of [true, false]) {
      for (const [s, k, t, r, q, v] of [[100, 90, 0.3, 0.05, 0.02, 0.25], [100, 120, 1.5, 0.03, 0.01, 0.4], [100, 101, 5 / 365, 0.05, 0, 0.2]] as const) {
        const g = europeanGreeks({ right: isCall ? 'call' : 'put', spot: s, strike: k, years: t, rate: r, dividend: q, vol: v });
        const p = (ds: number, dt: number, dr: number, dv: number): number => bsmPrice(isCall, s + ds, k, t + dt, r + dr, q, v + dv);
        const h = 1e-3;
        expect(g.delta).toBeCloseTo((p(h, 0, 0, 0) - p(-h, 0, 0, 0)) / (2 * h), 7);
        expect(g.gamma).toBeCloseTo((p(h, 0, 0, 0) - 2 * p(0, 0, 0, 0) + p(-h, 0, 0, 0)) / (h * h), 5);
        // vega per vol point, rho per rate point, theta per calendar day (time to expiry shrinks as days pass).
        expect(g.vega).toBeCloseTo(((p(0, 0, 0, 1e-5) - p(0, 0, 0, -1e-5)) / 2e-5) * 0.01, 7);
        expect(g.rho).toBeCloseTo(((p(0, 0, 1e-5, 0) - p(0, 0, -1e-5, 0)) / 2e-5) * 0.01, 7);
        expect(g.theta).toBeCloseTo(-((p(0, 1e-6, 0, 0) - p(0, -1e-6, 0, 0)) / 2e-6) / 365, 6);
      }
    }
  });

  it('refuses bad input with a code and a message naming the field', () => {
    const bad = (o: OptionInputs, field: RegExp): void => {
      try {
        europeanGreeks(o);
        expect.unreachable('should refuse');
      } catch (error) {
        expect(error).toBeInstanceOf(OptionsError);
        expect((error as OptionsError).code).toBe('OPTION_BAD_INPUT');
        expect((error as OptionsError).message).toMatch(field);
      }
    };
    bad(call(100, 100, 0.5, 0.05, 0, -0.2), /vol must be above 0/);
    bad(call(100, 100, 0, 0.05, 0, 0.2), /years to expiry must be above 0/);
    bad(call(100, 100, -1, 0.05, 0, 0.2), /years to expiry must be above 0/);
    bad(call(-5, 100, 0.5, 0.05, 0, 0.2), /spot must be above 0/);
    bad(call(100, 0, 0.5, 0.05, 0, 0.2), /strike must be above 0/);
    bad(call(100, 100, 0.5, Number.NaN, 0, 0.2), /rate must be a finite number/);
    bad({ ...call(100, 100, 0.5, 0.05, 0, 0.2), right: 'straddle' as 'call' }, /right must be "call" or "put"/);
  });
});
