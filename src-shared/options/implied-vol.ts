// Implied volatility. European: Newton on Black's normalised price c(x, s) = e^{x/2} N(x/s + s/2) - e^{-x/2} N(x/s - s/2)
// with x = ln(F/K) <= 0 (an in-the-money price is turned into its out-of-the-money twin by parity, so no precision is
// lost to intrinsic value) and s = vol sqrt(T). c is convex in s below s_c = sqrt(2|x|) and concave above it
// (Manaster-Koehler): above, Halley's method on c from s_c climbs monotonically; below (deep wings, one-day expiries), Halley
// on ln c, which is nearly -x^2 / (2 s^2) there, converges in a few steps where Newton on c would crawl. Every step
// is kept inside a bracket [lo, hi] that the evaluated signs maintain, falling back to bisection.
// American: Brent's method on the American price between a tiny volatility and the European answer (an American
// option is worth at least its European twin, so the European implied volatility bounds the American one above).
import { americanPrice, type AloScheme, DEFAULT_SCHEME } from './american.js';
import { DENSITY, normCdf, normCdfAndDensity } from './normal.js';
import { OptionsError, type OptionInputs, type OptionStyle } from './types.js';
import { validateInputs } from './validate.js';

/** Returned by the raw solver instead of a volatility. */
export const IV_BELOW_INTRINSIC = -1;
export const IV_ABOVE_MAXIMUM = -2;

const MAX_ITERATIONS = 60;

/** The normalised out-of-the-money call c(x, s) for x <= 0, with its s-derivative left in VEGA[0] (a typed-array slot: no allocation). */
const VEGA = new Float64Array(1);
function normCall(x: number, s: number, ePlus: number, eMinus: number): number {
  const h = x / s;
  const t = 0.5 * s;
  const n1 = normCdfAndDensity(h + t);
  VEGA[0] = ePlus * DENSITY[0]!;
  return ePlus * n1 - eMinus * normCdf(h - t);
}

/**
 * The hot path: European implied volatility, no validation, no allocation. Returns the volatility, or
 * IV_BELOW_INTRINSIC / IV_ABOVE_MAXIMUM when the price is outside the no-arbitrage bounds.
 */
export function impliedVolRaw(isCall: boolean, price: number, spot: number, strike: number, years: number, rate: number, dividend: number): number {
  // The upper bound checked on the price itself: after normalising, rounding could let price == bound slip under it.
  if (price >= (isCall ? spot * Math.exp(-dividend * years) : strike * Math.exp(-rate * years))) return IV_ABOVE_MAXIMUM;
  const forward = spot * Math.exp((rate - dividend) * years);
  const norm = Math.exp(rate * years) / Math.sqrt(forward * strike); // undiscount, then per sqrt(F K)
  let x = Math.log(forward / strike);
  if (!isCall) x = -x; // a put at x is a call at -x
  let beta = price * norm;
  if (x > 0) {
    // In the money: subtract the (forward) intrinsic value and solve for the out-of-the-money twin at -x.
    beta -= Math.exp(0.5 * x) - Math.exp(-0.5 * x);
    x = -x;
  }
  if (!(beta > 0)) return IV_BELOW_INTRINSIC;
  const ePlus = Math.exp(0.5 * x);
  const eMinus = 1 / ePlus;
  if (beta >= ePlus) return IV_ABOVE_MAXIMUM;
  const ax = -x;
  const sc = Math.sqrt(2 * ax);
  let lo = 0;
  let hi = Infinity;
  let s: number;
  let lower: boolean;
  if (ax === 0) {
    lower = false;
    s = beta * 2.5066282746310002; // c(0, s) ~ s / sqrt(2 pi) for small s
  } else {
    const bc = normCall(x, sc, ePlus, eMinus);
    lower = beta < bc;
    if (lower) {
      hi = sc;
      // ln c ~ -x^2 / (2 s^2) deep in the wing: a first guess that is right to leading order.
      const guess = ax / Math.sqrt(0.5 * ax - 2 * Math.log(beta / bc));
      s = guess < sc ? guess : 0.5 * sc;
    } else {
      lo = sc;
      s = sc + (beta - bc) / VEGA[0]!;
    }
  }
  const lnBeta = lower ? Math.log(beta) : 0;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    // c(x, s) and its vega, written out here: through a call V8 would box the doubles on every iteration.
    const h = x / s;
    const t = 0.5 * s;
    const n1 = normCdfAndDensity(h + t);
    const vega = ePlus * DENSITY[0]!;
    const c = ePlus * n1 - eMinus * normCdf(h - t);
    // d(vega)/ds = vega (x^2 / s^3 - s / 4): Halley's correction costs no extra normal evaluation.
    const dvega = vega * ((x * x) / (s * s * s) - 0.25 * s);
    let f: number;
    let df: number;
    let d2f: number;
    if (lower) {
      f = c > 0 ? Math.log(c) - lnBeta : -Infinity;
      df = vega / c;
      d2f = dvega / c - df * df;
    } else {
      f = c - beta;
      df = vega;
      d2f = dvega;
    }
    if (f < 0) lo = s;
    else if (f > 0) hi = s;
    else return s / Math.sqrt(years);
    const newton = f / df;
    const halley = 1 - (0.5 * newton * d2f) / df;
    let next = s - (halley > 0.5 && halley < 2 ? newton / halley : newton);
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * s : 0.5 * (lo + hi);
    // A Halley step of relative size e leaves an error of order e^3: below 1e-6 the next step would change nothing a
    // double can hold, so stop here (one evaluation fewer per solve).
    else if (Math.abs(next - s) <= 1e-6 * next) return next / Math.sqrt(years);
    if (Math.abs(next - s) <= 1e-13 * next) return next / Math.sqrt(years);
    s = next;
  }
  return s / Math.sqrt(years);
}

export interface IvInputs extends Omit<OptionInputs, 'vol'> {
  price: number;
  style?: OptionStyle;
}

function noSolution(o: IvInputs, code: number): never {
  const intrinsic = Math.max(0, o.right === 'call' ? o.spot * Math.exp(-o.dividend * o.years) - o.strike * Math.exp(-o.rate * o.years) : o.strike * Math.exp(-o.rate * o.years) - o.spot * Math.exp(-o.dividend * o.years));
  if (code === IV_BELOW_INTRINSIC) {
    throw new OptionsError('IV_BELOW_INTRINSIC', `no implied volatility: price ${o.price} is at or below the no-arbitrage lower bound ${intrinsic.toFixed(6)} (discounted intrinsic value) of this ${o.right}`);
  }
  const cap = o.right === 'call' ? o.spot * Math.exp(-o.dividend * o.years) : o.strike * Math.exp(-o.rate * o.years);
  throw new OptionsError('IV_ABOVE_MAXIMUM', `no implied volatility: price ${o.price} is at or above the no-arbitrage upper bound ${cap.toFixed(6)} of this ${o.right} (${o.right === 'call' ? 'the discounted spot' : 'the discounted strike'})`);
}

/** Validated implied volatility (European or American); refuses a price outside the bounds with an OptionsError. */
export function impliedVol(o: IvInputs, scheme: AloScheme = DEFAULT_SCHEME): number {
  validateInputs(o, false);
  if (typeof o.price !== 'number' || !Number.isFinite(o.price) || o.price < 0) {
    throw new OptionsError('OPTION_BAD_INPUT', `price must be a finite number at or above 0, got ${String(o.price)}`);
  }
  const isCall = o.right === 'call';
  if ((o.style ?? 'european') === 'european') {
    const v = impliedVolRaw(isCall, o.price, o.spot, o.strike, o.years, o.rate, o.dividend);
    if (v < 0) noSolution(o, v);
    return v;
  }
  return americanImpliedVol(o, scheme);
}

function americanImpliedVol(o: IvInputs, scheme: AloScheme): number {
  const isCall = o.right === 'call';
  const intrinsic = Math.max(0, isCall ? o.spot - o.strike : o.strike - o.spot);
  const cap = isCall ? o.spot : o.strike;
  if (o.price <= intrinsic) {
    throw new OptionsError('IV_BELOW_INTRINSIC', `no implied volatility: price ${o.price} is at or below the intrinsic value ${intrinsic.toFixed(6)} of this American ${o.right}`);
  }
  if (o.price >= cap) {
    throw new OptionsError('IV_ABOVE_MAXIMUM', `no implied volatility: price ${o.price} is at or above ${cap} (the ${isCall ? 'spot' : 'strike'}), the most this American ${o.right} can be worth`);
  }
  const f = (v: number): number => americanPrice(isCall, o.spot, o.strike, o.years, o.rate, o.dividend, v, scheme) - o.price;
  let lo = 1e-4;
  const flo = f(lo);
  if (flo >= 0) {
    throw new OptionsError('IV_BELOW_INTRINSIC', `no implied volatility: price ${o.price} is below ${(flo + o.price).toFixed(6)}, what this American ${o.right} is worth at almost no volatility`);
  }
  const e = impliedVolRaw(isCall, o.price, o.spot, o.strike, o.years, o.rate, o.dividend);
  let hi = e > 0 ? e * 1.0001 + 1e-6 : 1;
  let fhi = f(hi);
  while (fhi < 0 && hi < 20) {
    lo = hi;
    hi *= 2;
    fhi = f(hi);
  }
  if (fhi < 0) noSolution(o, IV_ABOVE_MAXIMUM);
  return brent(f, lo, hi, f(lo), fhi, 1e-12);
}

/** Brent's root finder on a bracket with f(a) < 0 < f(b). */
function brent(f: (x: number) => number, a: number, b: number, fa: number, fb: number, tol: number): number {
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < 200; i++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}
