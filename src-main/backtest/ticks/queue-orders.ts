import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import { TIF_FOK, TIF_IOC, TIF_PLAIN, type QueueEnd } from './queue-fill-model.js';

const DAY_MS = 86_400_000;

/** Why the quote-level fill model cannot simulate an order (it is rejected with this reason), or undefined. */
export function queueRefusal(intent: OrderIntent): string | undefined {
  if (intent.type === 'trailing_stop') return 'quote-level fills simulate market, limit, stop and stop-limit orders, not trailing stops';
  if (intent.timeInForce === 'opg' || intent.timeInForce === 'cls') return `quote-level fills have no opening or closing auction: a ${intent.timeInForce} order is not simulated`;
  if (intent.qty === undefined) return 'quote-level fills need a share quantity: a notional order is not simulated';
  return undefined;
}

export function queueTif(tif: OrderIntent['timeInForce']): number {
  return tif === 'ioc' ? TIF_IOC : tif === 'fok' ? TIF_FOK : TIF_PLAIN;
}

/** A day order ends with the UTC day it went live in (the bar rules' day, too); the others do not expire. */
export function queueExpiry(tif: OrderIntent['timeInForce'], liveAt: number): number {
  return tif === 'day' ? (Math.floor(liveAt / DAY_MS) + 1) * DAY_MS : Infinity;
}

/** The reason an order update gives when the model ends an order. */
export const QUEUE_END_REASON: Record<QueueEnd, string> = {
  canceled: 'canceled by the strategy',
  expired: 'a day order expires at the end of its day',
  ioc: 'the part of an ioc order that did not fill at once is canceled',
  fok: 'a fok order the displayed size could not fill at once is canceled',
};
