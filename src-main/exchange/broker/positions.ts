import type { Account } from './account.js';
import { ZERO, type Decimal } from './decimal.js';
import type { Order } from './model.js';

/**
 * Applies one execution to the account's position and cash, exactly. Cost basis follows Alpaca: adding to a
 * position averages the entry price; reducing keeps the average; crossing zero starts a new position at the
 * execution price. Returns the signed position quantity after the execution.
 */
export function applyExecution(account: Account, order: Pick<Order, 'side' | 'symbol' | 'assetId' | 'assetClass' | 'multiplier'>, qty: Decimal, price: Decimal, exchange: string): Decimal {
  const signed = order.side === 'buy' ? qty : qty.neg();
  const existing = account.positions.get(order.symbol);
  const position = existing ?? {
    symbol: order.symbol,
    assetId: order.assetId,
    exchange,
    assetClass: order.assetClass,
    multiplier: order.multiplier,
    qty: ZERO,
    costBasis: ZERO,
  };
  const before = position.qty;
  const after = before.plus(signed);
  if (before.isZero() || before.isNegative() === signed.isNegative()) {
    position.costBasis = position.costBasis.plus(signed.times(price));
  } else if (after.isZero() || after.isNegative() === before.isNegative()) {
    position.costBasis = position.costBasis.times(after).div(before);
  } else {
    position.costBasis = after.times(price);
  }
  position.qty = after;
  if (after.isZero()) account.positions.delete(order.symbol);
  else account.positions.set(order.symbol, position);
  const cash = qty.times(price).times(order.multiplier);
  account.cash = order.side === 'buy' ? account.cash.minus(cash) : account.cash.plus(cash);
  return after;
}
