import type { PayloadOf } from '../../../src-shared/ipc/contract.js';

type OrderWire = Pick<PayloadOf<'orders.order'>, 'clientOrderId' | 'status' | 'filledQty' | 'filledAvgPrice' | 'rejectMessage'>;

/** The ticket's result line for a sent order: its id and status, what filled at what average, why it was rejected. */
export function describeSent(order: OrderWire, repeated: boolean): string {
  const head = `${repeated ? 'already sent' : 'sent'}: ${order.clientOrderId} is ${order.status}`;
  if (order.rejectMessage) return `${head} (${order.rejectMessage})`;
  if (Number(order.filledQty) > 0 && order.filledAvgPrice) return `${head} · ${order.filledQty} filled at ${order.filledAvgPrice}`;
  return head;
}
