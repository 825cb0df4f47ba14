import type { trading } from '@alpacahq/alpaca-trade-api';
import { isBrokerStatus } from '../../../../src-shared/domain/order-status.js';
import type { VenueOrder } from '../../../kernel/orders/venue.js';

type SdkOrder = trading.Order;

function time(value: Date | null | undefined): number | undefined {
  if (!value) return undefined;
  const t = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isFinite(t) ? t : undefined;
}

function text(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** The SDK's order object in the kernel's words; amounts stay the broker's decimal strings. */
export function toVenueOrder(order: SdkOrder): VenueOrder {
  const status = String(order.status ?? '');
  if (!isBrokerStatus(status)) throw new Error(`the broker sent an order status this build does not know: ${status}`);
  const updatedAt = time(order.updatedAt as Date | undefined) ?? time(order.createdAt) ?? 0;
  const side = String(order.side ?? 'buy');
  return {
    id: String(order.id ?? ''),
    clientOrderId: String(order.clientOrderId ?? ''),
    symbol: String(order.symbol ?? ''),
    side: side === 'sell' ? 'sell' : 'buy',
    type: String(order.type ?? order.orderType ?? ''),
    timeInForce: String(order.timeInForce ?? ''),
    orderClass: text(order.orderClass) ?? 'simple',
    qty: text(order.qty),
    notional: text(order.notional),
    limitPrice: text(order.limitPrice),
    stopPrice: text(order.stopPrice),
    filledQty: text(order.filledQty) ?? '0',
    filledAvgPrice: text(order.filledAvgPrice),
    status,
    extendedHours: order.extendedHours === true,
    createdAt: time(order.createdAt) ?? updatedAt,
    updatedAt,
    replaces: text(order.replaces),
    replacedBy: text(order.replacedBy),
    legs: Array.isArray(order.legs) ? order.legs.map((leg) => toVenueOrder(leg as unknown as SdkOrder)) : [],
  };
}
