import type { EpochMs } from '../../../src-shared/time.js';
import { Decimal, ZERO } from './decimal.js';
import type { LegRole, Order, OrderClass, OrderType, Side } from './model.js';
import type { Instrument, OrderSpec } from './order-request.js';

/** Builds the Order records of one submission: the order itself, and for brackets/OCO/OTO/mleg its legs. */
export interface IdSource {
  uuid(): string;
}

interface Base {
  keyId: string;
  now: EpochMs;
  orderClass: OrderClass;
  ids: IdSource;
}

type Lifecycle = Pick<
  Order,
  'createdAt' | 'updatedAt' | 'submittedAt' | 'filledAt' | 'expiredAt' | 'canceledAt' | 'failedAt' | 'replacedAt' | 'replacedBy'
>;

/** The timestamps of an order that has just been submitted (new or a replacement): nothing has happened yet. */
export function freshLifecycle(now: EpochMs): Lifecycle {
  return {
    createdAt: now,
    updatedAt: now,
    submittedAt: now,
    filledAt: null,
    expiredAt: null,
    canceledAt: null,
    failedAt: null,
    replacedAt: null,
    replacedBy: null,
  };
}

function blank(base: Base, instrument: Instrument | undefined, clientOrderId: string | undefined): Order {
  return {
    id: base.ids.uuid(),
    clientOrderId: clientOrderId ?? base.ids.uuid(),
    keyId: base.keyId,
    ...freshLifecycle(base.now),
    replaces: null,
    assetId: instrument?.assetId ?? '',
    symbol: instrument?.symbol ?? '',
    assetClass: instrument?.assetClass ?? 'us_option',
    multiplier: instrument?.multiplier ?? 100,
    notional: null,
    qty: null,
    filledQty: ZERO,
    filledCost: ZERO,
    orderClass: base.orderClass,
    type: 'market',
    side: 'buy',
    timeInForce: 'day',
    limitPrice: null,
    stopPrice: null,
    status: 'pending_new',
    extendedHours: false,
    trailPercent: null,
    trailPrice: null,
    hwm: null,
    positionIntent: null,
    ratioQty: null,
    legIds: [],
    parentId: null,
    role: 'none',
    triggered: false,
    armed: false,
    expiresAt: null,
    auctionAt: null,
    pendingReplacementId: null,
    pendingCancel: false,
  };
}

function exitLeg(base: Base, parent: Order, role: LegRole, type: OrderType, side: Side, limit: Decimal | null, stop: Decimal | null): Order {
  const instrument: Instrument = {
    symbol: parent.symbol,
    assetId: parent.assetId,
    assetClass: parent.assetClass,
    exchange: '',
    multiplier: parent.multiplier,
    tradable: true,
    fractionable: true,
    shortable: true,
  };
  return {
    ...blank(base, instrument, undefined),
    qty: parent.qty,
    type,
    side,
    timeInForce: parent.timeInForce,
    limitPrice: limit,
    stopPrice: stop,
    status: 'held',
    parentId: parent.id,
    role,
  };
}

export function buildOrders(spec: OrderSpec, keyId: string, now: EpochMs, ids: IdSource): Order[] {
  const base: Base = { keyId, now, orderClass: spec.orderClass, ids };
  const parent: Order = {
    ...blank(base, spec.instrument, spec.clientOrderId),
    notional: spec.notional,
    qty: spec.qty,
    type: spec.type,
    side: spec.side,
    timeInForce: spec.timeInForce,
    limitPrice: spec.limitPrice,
    stopPrice: spec.stopPrice,
    extendedHours: spec.extendedHours,
    trailPercent: spec.trailPercent,
    trailPrice: spec.trailPrice,
    positionIntent: spec.positionIntent,
  };
  const exitSide: Side = spec.side === 'buy' ? 'sell' : 'buy';
  const legs: Order[] = [];
  const stopLeg = (side: Side): Order | undefined =>
    spec.stopLoss
      ? exitLeg(base, parent, 'stop_loss', spec.stopLoss.limitPrice ? 'stop_limit' : 'stop', side, spec.stopLoss.limitPrice, spec.stopLoss.stopPrice)
      : undefined;
  const profitLeg = (side: Side): Order | undefined =>
    spec.takeProfit ? exitLeg(base, parent, 'take_profit', 'limit', side, spec.takeProfit.limitPrice, null) : undefined;

  if (spec.orderClass === 'bracket' || spec.orderClass === 'oto') {
    parent.role = 'entry';
    for (const leg of [profitLeg(exitSide), stopLeg(exitSide)]) if (leg) legs.push(leg);
  } else if (spec.orderClass === 'oco') {
    // OCO: the take-profit limit is the parent and the stop-loss its single leg, both on the order's side.
    parent.role = 'take_profit';
    const leg = stopLeg(spec.side);
    if (leg) {
      leg.armed = true;
      legs.push(leg);
    }
  } else if (spec.orderClass === 'mleg') {
    for (const legSpec of spec.legs) {
      legs.push({
        ...blank(base, legSpec.instrument, undefined),
        qty: (spec.qty ?? new Decimal(1)).times(legSpec.ratioQty),
        ratioQty: legSpec.ratioQty,
        type: spec.type,
        side: legSpec.side,
        timeInForce: spec.timeInForce,
        positionIntent: legSpec.positionIntent,
        parentId: parent.id,
        role: 'mleg_leg',
      });
    }
  }
  parent.legIds = legs.map((leg) => leg.id);
  return [parent, ...legs];
}
