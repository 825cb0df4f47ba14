import { americanInto } from './american.js';
import { bsmInto } from './black-scholes.js';
import { type Greeks, newGreeks, type OptionInputs, type OptionStyle } from './types.js';
import { validateInputs } from './validate.js';

/** Validated price and greeks (Alpaca's units) for either style; refuses bad input with an OptionsError. */
export function priceOption(o: OptionInputs & { style?: OptionStyle }, out: Greeks = newGreeks()): Greeks {
  validateInputs(o);
  const isCall = o.right === 'call';
  if ((o.style ?? 'european') === 'american') return americanInto(isCall, o.spot, o.strike, o.years, o.rate, o.dividend, o.vol, out);
  return bsmInto(isCall, o.spot, o.strike, o.years, o.rate, o.dividend, o.vol, out);
}
