import { Decimal } from 'decimal.js';
import type { PayloadOf, ResponseOf } from '../../../src-shared/ipc/contract.js';
import { isTerminal } from '../../../src-shared/domain/order-status.js';

export type OrderWire = PayloadOf<'orders.order'>;
export type FillWire = PayloadOf<'orders.fill'>;
export type PositionWire = ResponseOf<'orders.positions'>[number];
export type AccountWire = ResponseOf<'orders.account'>;
export type AlgoWire = PayloadOf<'orders.algo'>;

/** One open (or closed) order as the blotter shows it. */
export interface OrderRow {
  id: string;
  symbol: string;
  side: string;
  type: string;
  orderClass: string;
  qty: string;
  limitPrice: string;
  stopPrice: string;
  timeInForce: string;
  status: string;
  filledQty: string;
  filledAvgPrice: string;
  source: string;
  parent: string;
  open: boolean;
  updatedAt: number;
  /** When it last changed on the exchange's clock: the broker's stamp, or main's moved onto the exchange's clock. */
  exchangeAt: number;
  reject: string;
}

const field = (intent: Record<string, unknown>, key: string): string => (typeof intent[key] === 'string' ? (intent[key] as string) : '');

/**
 * `exchangeOffsetMs`: the exchange's clock minus main's wall clock (the market clock's reading; a demo replaying a
 * session runs far from the wall clock). Main stamps its own changes (sent, cancelled locally) on the wall clock and
 * the broker's on the exchange's; both are shown on the exchange's, as fills are, so one screen has one clock.
 */
export function orderRow(order: OrderWire, exchangeOffsetMs = 0): OrderRow {
  const intent = order.intent;
  const notional = field(intent, 'notional');
  return {
    id: order.clientOrderId,
    symbol: field(intent, 'symbol'),
    side: field(intent, 'side'),
    type: field(intent, 'type'),
    orderClass: field(intent, 'orderClass') || 'simple',
    qty: field(intent, 'qty') || (notional ? `$${notional}` : ''),
    limitPrice: field(intent, 'limitPrice'),
    stopPrice: field(intent, 'stopPrice'),
    timeInForce: field(intent, 'timeInForce'),
    status: order.status,
    filledQty: order.filledQty,
    filledAvgPrice: order.filledAvgPrice ?? '',
    source: order.source,
    parent: order.parentClientOrderId ?? '',
    open: !isTerminal(order.status),
    updatedAt: order.updatedAt,
    exchangeAt: Math.max(order.brokerUpdatedAt ?? Number.NEGATIVE_INFINITY, order.updatedAt + exchangeOffsetMs),
    reject: order.rejectCode ? `${order.rejectCode}: ${order.rejectMessage ?? ''}` : '',
  };
}

export interface PositionRow {
  symbol: string;
  qty: string;
  avgEntryPrice: string;
  costBasis: string;
  currentPrice: string;
  marketValue: string;
  unrealizedPl: string;
  realizedPl: string;
}

/**
 * Positions as kept in main (rebuilt from fills, exact), marked at the broker's current price: unrealised P&L
 * is qty x price - cost basis, in decimals so a cent never drifts.
 */
export function positionRows(positions: readonly PositionWire[], marks: AccountWire['marks']): PositionRow[] {
  const priceOf = new Map(marks.map((m) => [m.symbol, m.currentPrice]));
  return positions.map((p) => {
    const price = priceOf.get(p.symbol) ?? null;
    const qty = new Decimal(p.qty);
    const value = price === null ? null : qty.times(price);
    return {
      symbol: p.symbol,
      qty: p.qty,
      avgEntryPrice: new Decimal(p.avgEntryPrice).toFixed(2),
      costBasis: new Decimal(p.costBasis).toFixed(2),
      currentPrice: price === null ? '' : new Decimal(price).toFixed(2),
      marketValue: value === null ? '' : value.toFixed(2),
      unrealizedPl: value === null || qty.isZero() ? (qty.isZero() ? '0.00' : '') : value.minus(p.costBasis).toFixed(2),
      realizedPl: new Decimal(p.realizedPl).toFixed(2),
    };
  });
}

export interface AccountRow {
  name: string;
  value: string;
}

export function accountRows(account: AccountWire): AccountRow[] {
  const dayPl = new Decimal(account.equity).minus(account.lastEquity);
  return [
    { name: 'Status', value: account.tradingBlocked ? `${account.status} (trading blocked)` : account.status },
    { name: 'Equity', value: new Decimal(account.equity).toFixed(2) },
    { name: 'Cash', value: new Decimal(account.cash).toFixed(2) },
    { name: 'Buying power', value: new Decimal(account.buyingPower).toFixed(2) },
    { name: 'Long market value', value: new Decimal(account.longMarketValue).toFixed(2) },
    { name: 'Short market value', value: new Decimal(account.shortMarketValue).toFixed(2) },
    { name: 'Day P&L', value: dayPl.toFixed(2) },
  ];
}
