import { OptionsError, type OptionInputs } from './types.js';

function finite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OptionsError('OPTION_BAD_INPUT', `${name} must be a finite number, got ${String(value)}`);
}

/**
 * Refuses inputs no price exists for, with a message naming the field. `needVol` is false for the implied-volatility
 * solver, whose input has a price instead of a volatility.
 */
export function validateInputs(o: Omit<OptionInputs, 'vol'> & { vol?: number }, needVol = true): void {
  if (o.right !== 'call' && o.right !== 'put') throw new OptionsError('OPTION_BAD_INPUT', `right must be "call" or "put", got ${JSON.stringify(o.right)}`);
  finite('spot', o.spot);
  finite('strike', o.strike);
  finite('years', o.years);
  finite('rate', o.rate);
  finite('dividend', o.dividend);
  if (o.spot <= 0) throw new OptionsError('OPTION_BAD_INPUT', `spot must be above 0, got ${o.spot}`);
  if (o.strike <= 0) throw new OptionsError('OPTION_BAD_INPUT', `strike must be above 0, got ${o.strike}`);
  if (o.years <= 0) throw new OptionsError('OPTION_BAD_INPUT', `years to expiry must be above 0 (an expired option has only its intrinsic value), got ${o.years}`);
  if (o.years > 100) throw new OptionsError('OPTION_BAD_INPUT', `years to expiry must be at most 100, got ${o.years}`);
  if (Math.abs(o.rate) > 1) throw new OptionsError('OPTION_BAD_INPUT', `rate is a yearly fraction (0.05 for 5%) between -1 and 1, got ${o.rate}`);
  if (Math.abs(o.dividend) > 1) throw new OptionsError('OPTION_BAD_INPUT', `dividend is a yearly yield (0.02 for 2%) between -1 and 1, got ${o.dividend}`);
  if (needVol) {
    finite('vol', o.vol as number);
    if ((o.vol as number) <= 0) throw new OptionsError('OPTION_BAD_INPUT', `vol must be above 0 (0.25 for 25%), got ${o.vol}`);
    if ((o.vol as number) > 20) throw new OptionsError('OPTION_BAD_INPUT', `vol is a yearly fraction (0.25 for 25%) at most 20, got ${o.vol}`);
  }
}
