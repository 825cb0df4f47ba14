import { Decimal } from 'decimal.js';
import type { FillRecord, PositionRecord } from '../../../src-shared/domain/order-record.js';
import { amountText, priceText, qtyText } from '../../../src-shared/decimal-text.js';

export interface PositionState {
  qty: Decimal;
  costBasis: Decimal;
  realizedPl: Decimal;
}

export const FLAT = (): PositionState => ({ qty: new Decimal(0), costBasis: new Decimal(0), realizedPl: new Decimal(0) });

/**
 * One execution applied to a position, exactly, the way Alpaca keeps cost basis: adding averages the entry price,
 * reducing keeps it (and realises P&L against it), crossing zero starts a new position at the execution price.
 */
export function applyFill(position: PositionState, side: 'buy' | 'sell', qtyText: string, priceText: string): PositionState {
  const qty = new Decimal(qtyText);
  const price = new Decimal(priceText);
  const signed = side === 'buy' ? qty : qty.neg();
  const before = position.qty;
  const after = before.plus(signed);
  if (before.isZero() || before.isNegative() === signed.isNegative()) {
    return { qty: after, costBasis: position.costBasis.plus(signed.times(price)), realizedPl: position.realizedPl };
  }
  const avg = position.costBasis.div(before);
  const closed = Decimal.min(qty, before.abs());
  // Long closed by a sell earns (price - avg) per share; short closed by a buy earns (avg - price).
  const realized = before.isNegative() ? avg.minus(price).times(closed) : price.minus(avg).times(closed);
  const realizedPl = position.realizedPl.plus(realized);
  if (after.isZero() || after.isNegative() === before.isNegative()) {
    return { qty: after, costBasis: position.costBasis.times(after).div(before), realizedPl };
  }
  return { qty: after, costBasis: after.times(price), realizedPl };
}

/** Fills in the order they happened: time, then each order's cumulative quantity. */
export function sortFills(fills: FillRecord[]): FillRecord[] {
  return [...fills].sort((a, b) => a.at - b.at || (a.brokerOrderId === b.brokerOrderId ? new Decimal(a.cumQty).comparedTo(b.cumQty) : 0));
}

export function positionFromFills(base: PositionState, fills: FillRecord[]): PositionState {
  let position = base;
  for (const fill of sortFills(fills)) position = applyFill(position, fill.side, fill.qty, fill.price);
  return position;
}

/** Fixed-point decimal text (never Decimal.toString(), which writes dust as "9e-9" and the contract refuses it). */
export function toPositionRecord(symbol: string, p: PositionState): PositionRecord {
  return {
    symbol,
    qty: qtyText(p.qty),
    costBasis: amountText(p.costBasis),
    avgEntryPrice: p.qty.isZero() ? '0' : priceText(p.costBasis.div(p.qty)),
    realizedPl: amountText(p.realizedPl),
  };
}
