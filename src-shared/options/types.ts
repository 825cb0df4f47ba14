// The shapes the options library works with. Units follow Alpaca's snapshot greeks (the Greeks interface below).

export type OptionRight = 'call' | 'put';
export type OptionStyle = 'european' | 'american';

/** One option to price. Rates, yield and volatility are annual and continuously compounded; years = days / 365. */
export interface OptionInputs {
  right: OptionRight;
  spot: number;
  strike: number;
  years: number;
  rate: number;
  /** Continuous dividend yield q. */
  dividend: number;
  vol: number;
}

/**
 * A price and its greeks in Alpaca's units: delta and gamma per 1.00 of the underlying, vega per volatility point
 * (0.01), theta per calendar day, rho per rate point (0.01). Pricing functions fill one the caller owns, so a loop
 * over a chain allocates nothing.
 */
export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
}

export function newGreeks(): Greeks {
  return { price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 };
}

export const OPTIONS_ERROR_CODES = [
  /** An input is not a finite number or is out of its range (negative volatility, zero time, ...). */
  'OPTION_BAD_INPUT',
  /** The price is at or below the no-arbitrage lower bound (intrinsic value): no volatility gives it. */
  'IV_BELOW_INTRINSIC',
  /** The price is at or above the no-arbitrage upper bound (spot for a call, strike for a put): no volatility gives it. */
  'IV_ABOVE_MAXIMUM',
  /** The parameters lie where this library's American method does not apply (two exercise boundaries). */
  'OPTION_UNSUPPORTED',
] as const;

export type OptionsErrorCode = (typeof OPTIONS_ERROR_CODES)[number];

/** A refusal with a code for logic and a message a trader can act on. */
export class OptionsError extends Error {
  readonly code: OptionsErrorCode;
  constructor(code: OptionsErrorCode, message: string) {
    super(message);
    this.name = 'OptionsError';
    this.code = code;
  }
}
