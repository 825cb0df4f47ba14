// European options under Black-Scholes-Merton with a continuous dividend yield (Merton 1973; Haug, "The Complete
// Guide to Option Pricing Formulas", 2nd ed., 1.1.6). Closed form: price and the five greeks in one pass.
import { DENSITY, normCdf, normCdfAndDensity } from './normal.js';
import { type Greeks, type OptionInputs, type OptionRight } from './types.js';
import { validateInputs } from './validate.js';

const DAYS_PER_YEAR = 365;

/**
 * The hot path: no validation, no allocation. Fills `out` with the price and greeks in Alpaca's units (vega and rho
 * per point, theta per calendar day). Inputs must already be valid (spot, strike, years, vol > 0).
 */
export function bsmInto(isCall: boolean, spot: number, strike: number, years: number, rate: number, dividend: number, vol: number, out: Greeks): Greeks {
  const sqrtT = Math.sqrt(years);
  const volT = vol * sqrtT;
  const d1 = (Math.log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * years) / volT;
  const d2 = d1 - volT;
  const dq = Math.exp(-dividend * years);
  const dr = Math.exp(-rate * years);
  const sq = spot * dq;
  const kr = strike * dr;
  // N(d1) and phi(d1) from one exponential; N(-d1) = 1 - N(d1) would lose the put's digits deep out of the money,
  // so the put asks for N(-d1) (phi is even).
  const n1 = normCdfAndDensity(isCall ? d1 : -d1);
  const pdf = DENSITY[0]!;
  const decay = (-sq * pdf * vol) / (2 * sqrtT);
  if (isCall) {
    const n2 = normCdf(d2);
    out.price = sq * n1 - kr * n2;
    out.delta = dq * n1;
    out.theta = (decay - rate * kr * n2 + dividend * sq * n1) / DAYS_PER_YEAR;
    out.rho = kr * years * n2 * 0.01;
  } else {
    const n2 = normCdf(-d2);
    out.price = kr * n2 - sq * n1;
    out.delta = -dq * n1;
    out.theta = (decay + rate * kr * n2 - dividend * sq * n1) / DAYS_PER_YEAR;
    out.rho = -kr * years * n2 * 0.01;
  }
  out.gamma = (dq * pdf) / (spot * volT);
  out.vega = sq * pdf * sqrtT * 0.01;
  return out;
}

/** The price alone (no greeks): what the implied-volatility solver and the American method need. */
export function bsmPrice(isCall: boolean, spot: number, strike: number, years: number, rate: number, dividend: number, vol: number): number {
  const volT = vol * Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate - dividend + 0.5 * vol * vol) * years) / volT;
  const d2 = d1 - volT;
  const sq = spot * Math.exp(-dividend * years);
  const kr = strike * Math.exp(-rate * years);
  return isCall ? sq * normCdf(d1) - kr * normCdf(d2) : kr * normCdf(-d2) - sq * normCdf(-d1);
}

/** Validated European price and greeks for one option (refuses bad input with an OptionsError). */
export function europeanGreeks(o: OptionInputs, out: Greeks = { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 }): Greeks {
  validateInputs(o);
  return bsmInto(o.right === 'call', o.spot, o.strike, o.years, o.rate, o.dividend, o.vol, out);
}

export function isCall(right: OptionRight): boolean {
  return right === 'call';
}
