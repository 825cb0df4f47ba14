import { AlpacaHttpError } from '../server/route-types.js';
import { decStr, type Decimal } from './decimal.js';

/**
 * Alpaca's error bodies, as recorded in ../shared/alpaca-contract/errors/. The broker throws these before it
 * changes anything, so a refused request leaves the account as it was.
 */
export function invalidInput(message: string): AlpacaHttpError {
  return new AlpacaHttpError(422, { code: 40010001, message });
}

export function unprocessable(message: string): AlpacaHttpError {
  return new AlpacaHttpError(422, { code: 42210000, message });
}

/** errors/422-potential-wash-trade.json: a new order that could trade against the same account's opposite open order. */
export function potentialWashTrade(): AlpacaHttpError {
  return unprocessable('potential wash trade detected. use complex orders');
}

export function qtyOrNotionalRequired(): AlpacaHttpError {
  return invalidInput('qty or notional is required');
}

export function onlyOneOfQtyOrNotional(): AlpacaHttpError {
  return invalidInput('only one of qty or notional is accepted');
}

export function clientOrderIdNotUnique(): AlpacaHttpError {
  return invalidInput('client_order_id must be unique');
}

export function subPenny(field: 'limit_price' | 'stop_price', raw: string): AlpacaHttpError {
  return unprocessable(`invalid ${field} ${raw}. sub-penny increment does not fulfill minimum pricing criteria`);
}

export function insufficientBuyingPower(buyingPower: Decimal, costBasis: Decimal): AlpacaHttpError {
  return new AlpacaHttpError(403, {
    buying_power: decStr(buyingPower),
    code: 40310000,
    cost_basis: decStr(costBasis),
    message: 'insufficient buying power',
  });
}

export function notAllowedToShort(): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message: 'account is not allowed to short' });
}

export function assetNotShortable(symbol: string): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message: `asset ${symbol} cannot be sold short` });
}

export function insufficientQty(symbol: string, requested: Decimal, available: Decimal, existing: Decimal, held: Decimal): AlpacaHttpError {
  return new AlpacaHttpError(403, {
    available: decStr(available),
    code: 40310000,
    existing_qty: decStr(existing),
    held_for_orders: decStr(held),
    message: `insufficient qty available for order (requested: ${decStr(requested)}, available: ${decStr(available)})`,
    symbol,
  });
}

export function orderNotFound(): AlpacaHttpError {
  return new AlpacaHttpError(404, { code: 40410000, message: 'order not found' });
}

export function positionNotFound(): AlpacaHttpError {
  return new AlpacaHttpError(404, { code: 40410000, message: 'position does not exist' });
}

export function assetNotFound(symbol: string): AlpacaHttpError {
  return new AlpacaHttpError(404, { code: 40410000, message: `asset not found for ${symbol}` });
}

export function orderNotCancelable(status: string): AlpacaHttpError {
  return unprocessable(`order is not cancelable (status: ${status})`);
}

export function orderNotReplaceable(status: string): AlpacaHttpError {
  return unprocessable(`order is not replaceable (status: ${status})`);
}

export function tradingSuspended(): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message: 'trading is suspended for this account' });
}

/** A strategy above the account's options trading level (`errors/403-options-level-not-eligible.from-docs.json`). */
export function optionsLevelNotEligible(level: number): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message: `account not eligible for level${level} options trading` });
}

/** A short option that no shares, cash or long leg covers: Alpaca offers no naked writing at any level. */
export function uncoveredOption(message: string): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message });
}

export function exerciseNoPosition(): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message: 'no available position for the specified contract' });
}

export function exerciseShortPosition(): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310001, message: 'cannot exercise short position' });
}

export function exerciseInvalidSymbol(): AlpacaHttpError {
  return unprocessable('invalid symbol');
}

export function exerciseAfterHours(): AlpacaHttpError {
  return new AlpacaHttpError(403, { code: 40310000, message: 'exercise requests are not accepted between the market close and midnight' });
}
