import type { EpochMs } from '../../../src-shared/time.js';
import { ZERO, parseDecimal, type Decimal } from './decimal.js';
import { clientOrderIdNotUnique, invalidInput, orderNotReplaceable } from './errors.js';
import { TERMINAL_STATUSES, type Order, type TimeInForce } from './model.js';
import { freshLifecycle, type IdSource } from './order-factory.js';
import { priceField, type Instrument, type OrderSpec } from './order-request.js';

/**
 * PATCH /v2/orders/{id}: a replacement order (new id, `replaces` = the old id) built from the old order and the
 * changed fields. Validation happens here, before the old order is touched.
 */
export interface ReplaceContext {
  now: EpochMs;
  ids: IdSource;
  clientIdTaken(clientOrderId: string): boolean;
  check(spec: OrderSpec): void;
  instrument: Instrument | undefined;
}

const REPLACEABLE_TIFS: readonly TimeInForce[] = ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function buildReplacement(old: Order, raw: unknown, context: ReplaceContext): Order {
  if (TERMINAL_STATUSES.has(old.status) || old.status === 'pending_cancel' || old.status === 'pending_replace' || old.pendingCancel) {
    throw orderNotReplaceable(old.status);
  }
  if (old.orderClass === 'oto' && old.parentId !== null) throw orderNotReplaceable(old.status);
  const body = isRecord(raw) ? raw : {};
  let qty: Decimal | null = old.qty;
  if (body.qty !== undefined && body.qty !== null) {
    const parsed = parseDecimal(body.qty);
    if (!parsed || parsed.lte(0)) throw invalidInput('qty must be > 0');
    qty = parsed;
  }
  if (old.notional && body.qty !== undefined) throw invalidInput('cannot replace qty of a notional order');
  const limitPrice = priceField(body, 'limit_price') ?? old.limitPrice;
  const stopPrice = priceField(body, 'stop_price') ?? old.stopPrice;
  if (body.limit_price !== undefined && old.type !== 'limit' && old.type !== 'stop_limit') throw invalidInput('limit_price is not allowed for this order');
  if (body.stop_price !== undefined && old.type !== 'stop' && old.type !== 'stop_limit') throw invalidInput('stop_price is not allowed for this order');
  let timeInForce = old.timeInForce;
  if (body.time_in_force !== undefined) {
    if (typeof body.time_in_force !== 'string' || !(REPLACEABLE_TIFS as readonly string[]).includes(body.time_in_force)) throw invalidInput('invalid time_in_force');
    timeInForce = body.time_in_force as TimeInForce;
  }
  let trailPrice = old.trailPrice;
  let trailPercent = old.trailPercent;
  if (body.trail !== undefined) {
    if (old.type !== 'trailing_stop') throw invalidInput('trail is only for trailing_stop orders');
    const trail = parseDecimal(body.trail);
    if (!trail || trail.lte(0)) throw invalidInput('invalid trail');
    if (trailPrice) trailPrice = trail;
    else trailPercent = trail;
  }
  let clientOrderId = context.ids.uuid();
  if (typeof body.client_order_id === 'string' && body.client_order_id !== '') {
    if (context.clientIdTaken(body.client_order_id)) throw clientOrderIdNotUnique();
    clientOrderId = body.client_order_id;
  }
  context.check({
    instrument: context.instrument,
    qty: qty ? qty.minus(old.filledQty) : null,
    notional: old.notional,
    side: old.side,
    type: old.type,
    timeInForce,
    limitPrice,
    stopPrice,
    trailPrice,
    trailPercent,
    extendedHours: old.extendedHours,
    clientOrderId,
    orderClass: old.orderClass,
    takeProfit: undefined,
    stopLoss: undefined,
    positionIntent: old.positionIntent,
    legs: [],
  });
  return {
    ...old,
    id: context.ids.uuid(),
    clientOrderId,
    ...freshLifecycle(context.now),
    replaces: old.id,
    qty,
    filledQty: ZERO,
    filledCost: ZERO,
    timeInForce,
    limitPrice,
    stopPrice,
    trailPrice,
    trailPercent,
    hwm: old.hwm,
    status: 'pending_new',
    legIds: [...old.legIds],
    triggered: false,
    pendingReplacementId: null,
    pendingCancel: false,
  };
}
