import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { blackScholes, impliedVol } from '../../../../src-main/exchange/market/black-scholes.js';
import { SyntheticMarket } from '../../../../src-main/exchange/market/synthetic-market.js';

describe('option model', () => {
  const base = { spot: 100, strike: 105, years: 0.3, vol: 0.3, rate: 0.045 };

  it('satisfies put-call parity', () => {
    const call = blackScholes({ ...base, type: 'call' });
    const put = blackScholes({ ...base, type: 'put' });
    expect(call.price - put.price).toBeCloseTo(base.spot - base.strike * Math.exp(-base.rate * base.years), 6);
  });

  it('has greeks matching finite differences, in Alpaca units', () => {
    for (const type of ['call', 'put'] as const) {
      const g = blackScholes({ ...base, type });
      const p = (o: Partial<typeof base>): number => blackScholes({ ...base, ...o, type }).price;
      const h = 0.01;
      expect(g.delta).toBeCloseTo((p({ spot: 100 + h }) - p({ spot: 100 - h })) / (2 * h), 4);
      expect(g.gamma).toBeCloseTo((p({ spot: 100 + h }) - 2 * p({}) + p({ spot: 100 - h })) / (h * h), 3);
      expect(g.vega).toBeCloseTo((p({ vol: 0.3 + 1e-4 }) - p({ vol: 0.3 - 1e-4 })) / 2e-4 / 100, 4);
      expect(g.rho).toBeCloseTo((p({ rate: 0.045 + 1e-4 }) - p({ rate: 0.045 - 1e-4 })) / 2e-4 / 100, 4);
      const day = 1 / 365;
      expect(g.theta).toBeCloseTo(p({ years: 0.3 - day }) - p({}), 3);
    }
  });

  it('has a skewed smile and a term structure', () => {
    expect(impliedVol(0.4, 0.25, 100, 80, 0.1)).toBeGreaterThan(impliedVol(0.4, 0.25, 100, 100, 0.1));
    expect(impliedVol(0.4, 0.25, 100, 100, 0.05)).toBeGreaterThan(impliedVol(0.4, 0.25, 100, 100, 1));
  });

  it('lists weeklies and monthlies around spot with quotes around the model', () => {
    const market = new SyntheticMarket({ seed: 2, clock: new SimulatedClock(Date.parse('2024-03-07T16:00:00Z'), 0) });
    const contracts = market.optionContracts('SPY');
    const expirations = [...new Set(contracts.map((c) => c.expiration))];
    expect(expirations).toEqual(['2024-03-08', '2024-03-15', '2024-03-22', '2024-03-28', '2024-04-19', '2024-05-17']);
    // 2024-03-29 is Good Friday: that weekly moves to Thursday.
    expect(contracts.some((c) => c.expiration === '2024-03-29')).toBe(false);
    const snapshot = market.optionSnapshot(contracts[0]?.symbol ?? '');
    expect(snapshot?.quote.askPrice).toBeGreaterThan(snapshot?.quote.bidPrice ?? Infinity);
    expect(market.optionSnapshot('NOPE240308C00100000')).toBeUndefined();
  });
});
