/**
 * Black-Scholes-Merton prices and greeks for European options (the model used for the exchange's American
 * contracts too: with no dividends an American call is worth the European one, and the put's early-exercise
 * premium is ignored, which keeps put-call parity exact). Units follow Alpaca's snapshots: theta per calendar
 * day, vega per one volatility point (0.01), rho per one rate point (0.01).
 */
export interface BsInput {
  type: 'call' | 'put';
  spot: number;
  strike: number;
  /** Years to expiry. */
  years: number;
  vol: number;
  rate: number;
}

export interface BsResult {
  price: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf, error below 1.5e-7). */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

export function blackScholes(input: BsInput): BsResult {
  const { type, spot: s, strike: k, vol, rate: r } = input;
  const years = Math.max(input.years, 1e-6);
  const sqrtT = Math.sqrt(years);
  const d1 = (Math.log(s / k) + (r + 0.5 * vol * vol) * years) / (vol * sqrtT);
  const d2 = d1 - vol * sqrtT;
  const discount = Math.exp(-r * years);
  const pdf = normPdf(d1);
  const gamma = pdf / (s * vol * sqrtT);
  const vega = (s * pdf * sqrtT) / 100;
  if (type === 'call') {
    const price = s * normCdf(d1) - k * discount * normCdf(d2);
    const theta = (-(s * pdf * vol) / (2 * sqrtT) - r * k * discount * normCdf(d2)) / 365;
    return { price, delta: normCdf(d1), gamma, theta, vega, rho: (k * years * discount * normCdf(d2)) / 100 };
  }
  const price = k * discount * normCdf(-d2) - s * normCdf(-d1);
  const theta = (-(s * pdf * vol) / (2 * sqrtT) + r * k * discount * normCdf(-d2)) / 365;
  return { price, delta: normCdf(d1) - 1, gamma, theta, vega, rho: (-k * years * discount * normCdf(-d2)) / 100 };
}

/**
 * Implied-volatility surface: an at-the-money term structure that moves from the current (short-dated) vol
 * toward the long-run vol as expiry grows, plus a skew (downside strikes dearer) and a smile (curvature) in
 * log-moneyness scaled by 1/sqrt(T), floored to stay positive.
 */
export function impliedVol(shortVol: number, longVol: number, spot: number, strike: number, years: number): number {
  const t = Math.max(years, 1 / 365);
  const atm = longVol + (shortVol - longVol) * Math.exp(-t / 0.25);
  const m = Math.log(strike / spot) / Math.sqrt(t);
  return Math.max(0.05, atm * (1 - 0.1 * m + 0.06 * m * m));
}
