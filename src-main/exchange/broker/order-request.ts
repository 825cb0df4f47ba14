import { Decimal, parseDecimal } from './decimal.js';
import { invalidInput, onlyOneOfQtyOrNotional, qtyOrNotionalRequired, subPenny, unprocessable } from './errors.js';
import type { AssetClass, OrderClass, OrderType, PositionIntent, Side, TimeInForce } from './model.js';

/**
 * POST /v2/orders bodies, validated into an OrderSpec. Every check that does not need the account's state
 * (buying power, shorting, quantities held) happens here, with Alpaca's 422 bodies.
 */
export interface Instrument {
  symbol: string;
  assetId: string;
  assetClass: AssetClass;
  exchange: string;
  multiplier: number;
  tradable: boolean;
  fractionable: boolean;
  shortable: boolean;
}

export type InstrumentLookup = (symbol: string) => Instrument | undefined;

export interface LegSpec {
  instrument: Instrument;
  ratioQty: Decimal;
  side: Side;
  positionIntent: PositionIntent | null;
}

export interface OrderSpec {
  /** Absent only for a multi-leg order, whose legs name the instruments. */
  instrument: Instrument | undefined;
  qty: Decimal | null;
  notional: Decimal | null;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  limitPrice: Decimal | null;
  stopPrice: Decimal | null;
  trailPrice: Decimal | null;
  trailPercent: Decimal | null;
  extendedHours: boolean;
  clientOrderId: string | undefined;
  orderClass: OrderClass;
  takeProfit: { limitPrice: Decimal } | undefined;
  stopLoss: { stopPrice: Decimal; limitPrice: Decimal | null } | undefined;
  positionIntent: PositionIntent | null;
  legs: LegSpec[];
}

const SIDES: readonly Side[] = ['buy', 'sell'];
const TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'];
const TIFS: readonly TimeInForce[] = ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'];
const CLASSES: readonly OrderClass[] = ['simple', 'bracket', 'oco', 'oto', 'mleg'];
const INTENTS: readonly PositionIntent[] = ['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close'];
const MAX_CLIENT_ORDER_ID = 128;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(raw: unknown, allowed: readonly T[], field: string): T {
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw invalidInput(`invalid ${field}`);
}

function optionalOneOf<T extends string>(raw: unknown, allowed: readonly T[], field: string): T | null {
  return raw === undefined || raw === null || raw === '' ? null : oneOf(raw, allowed, field);
}

function rawText(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
}

/** A price field: absent is null; present must be a positive decimal within Alpaca's tick rules. */
export function priceField(body: Record<string, unknown>, field: 'limit_price' | 'stop_price', allowNegative = false): Decimal | null {
  const raw = body[field];
  if (raw === undefined || raw === null || raw === '') return null;
  const value = parseDecimal(raw);
  if (!value || (!allowNegative && value.lte(0))) throw invalidInput(`invalid ${field}`);
  if (!allowNegative) checkTick(value, field, rawText(raw));
  return value;
}

/** US equities trade in pennies at $1 and above, in 1/100 of a cent below (Rule 612). */
export function checkTick(value: Decimal, field: 'limit_price' | 'stop_price', raw: string): void {
  const maxPlaces = value.gte(1) ? 2 : 4;
  if (value.decimalPlaces() > maxPlaces) throw subPenny(field, raw);
}

function positiveDecimal(raw: unknown, field: string): Decimal | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const value = parseDecimal(raw);
  if (!value) throw invalidInput(`invalid ${field}`);
  if (value.lte(0)) throw invalidInput(`${field} must be > 0`);
  return value;
}

function parseLegs(raw: unknown, lookup: InstrumentLookup): LegSpec[] {
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 4) throw invalidInput('mleg orders need 2 to 4 legs');
  const seen = new Set<string>();
  return raw.map((leg: unknown) => {
    if (!isRecord(leg) || typeof leg.symbol !== 'string') throw invalidInput('invalid leg');
    if (seen.has(leg.symbol)) throw invalidInput('leg symbols must be unique');
    seen.add(leg.symbol);
    const instrument = lookup(leg.symbol);
    if (!instrument) throw invalidInput(`asset ${leg.symbol} not found`);
    const ratioQty = positiveDecimal(leg.ratio_qty, 'ratio_qty') ?? new Decimal(1);
    if (!ratioQty.isInteger()) throw invalidInput('ratio_qty must be a whole number');
    // A leg names its side, its position intent, or both (Alpaca infers the side from the intent); both must agree.
    const positionIntent = optionalOneOf(leg.position_intent, INTENTS, 'position_intent');
    const inferred = positionIntent === null ? undefined : positionIntent.startsWith('buy') ? 'buy' : 'sell';
    const side = leg.side === undefined || leg.side === null || leg.side === '' ? inferred : oneOf(leg.side, SIDES, 'side');
    if (side === undefined) throw invalidInput(`leg ${leg.symbol}: side or position_intent is required`);
    if (inferred !== undefined && inferred !== side) throw invalidInput(`position intent mismatch, inferred: ${inferred}, specified: ${side}`);
    return { instrument, ratioQty, side, positionIntent };
  });
}

function parseExits(body: Record<string, unknown>): Pick<OrderSpec, 'takeProfit' | 'stopLoss'> {
  let takeProfit: OrderSpec['takeProfit'];
  let stopLoss: OrderSpec['stopLoss'];
  if (isRecord(body.take_profit)) {
    const limitPrice = priceField(body.take_profit, 'limit_price');
    if (!limitPrice) throw invalidInput('take_profit.limit_price is required');
    takeProfit = { limitPrice };
  }
  if (isRecord(body.stop_loss)) {
    const stopPrice = priceField(body.stop_loss, 'stop_price');
    if (!stopPrice) throw invalidInput('stop_loss.stop_price is required');
    stopLoss = { stopPrice, limitPrice: priceField(body.stop_loss, 'limit_price') };
  }
  return { takeProfit, stopLoss };
}

function checkClass(spec: OrderSpec): void {
  const { orderClass, takeProfit, stopLoss, side } = spec;
  if (orderClass === 'bracket') {
    if (!takeProfit || !stopLoss) throw invalidInput('bracket orders require take_profit and stop_loss');
    if (!['market', 'limit'].includes(spec.type)) throw invalidInput('bracket orders must be market or limit orders');
    if (!['day', 'gtc'].includes(spec.timeInForce)) throw invalidInput('bracket orders must be day or gtc');
  }
  if (orderClass === 'oco') {
    if (!takeProfit || !stopLoss) throw invalidInput('oco orders require take_profit and stop_loss');
    if (spec.type !== 'limit') throw invalidInput('oco orders must be limit orders');
  }
  if (orderClass === 'oto' && (takeProfit === undefined) === (stopLoss === undefined)) {
    throw invalidInput('oto orders require exactly one of take_profit or stop_loss');
  }
  if (takeProfit && stopLoss) {
    // A buy entry exits by selling: the take-profit sits above the stop (and the other way round).
    const exitSellsAbove = orderClass === 'oco' ? side === 'sell' : side === 'buy';
    const ok = exitSellsAbove ? takeProfit.limitPrice.gt(stopLoss.stopPrice) : takeProfit.limitPrice.lt(stopLoss.stopPrice);
    if (!ok) {
      throw unprocessable(
        `take_profit.limit_price must be ${exitSellsAbove ? '>' : '<'} stop_loss.stop_price`,
      );
    }
  }
  if (orderClass === 'bracket' && spec.limitPrice && takeProfit && stopLoss) {
    const base = spec.limitPrice;
    const ok = side === 'buy' ? takeProfit.limitPrice.gt(base) && stopLoss.stopPrice.lt(base) : takeProfit.limitPrice.lt(base) && stopLoss.stopPrice.gt(base);
    if (!ok) throw unprocessable('take_profit.limit_price and stop_loss.stop_price must straddle the entry limit_price');
  }
}

function checkTypeFields(spec: OrderSpec): void {
  const needsLimit = spec.type === 'limit' || spec.type === 'stop_limit';
  const needsStop = spec.type === 'stop' || spec.type === 'stop_limit';
  if (needsLimit && !spec.limitPrice) throw invalidInput('limit_price is required');
  if (needsStop && !spec.stopPrice) throw invalidInput('stop_price is required');
  if (!needsLimit && spec.limitPrice && spec.orderClass !== 'mleg') throw invalidInput(`limit_price is not allowed for ${spec.type} orders`);
  if (!needsStop && spec.stopPrice) throw invalidInput(`stop_price is not allowed for ${spec.type} orders`);
  if (spec.type === 'trailing_stop') {
    if ((spec.trailPrice === null) === (spec.trailPercent === null)) throw invalidInput('exactly one of trail_price or trail_percent is required');
    if (spec.trailPercent && spec.trailPercent.gte(100)) throw invalidInput('trail_percent must be < 100');
  } else if (spec.trailPrice || spec.trailPercent) {
    throw invalidInput('trail_price and trail_percent are only for trailing_stop orders');
  }
  if (spec.extendedHours && !(spec.type === 'limit' && spec.timeInForce === 'day')) {
    throw invalidInput('extended hours order must be DAY limit orders');
  }
  if ((spec.timeInForce === 'opg' || spec.timeInForce === 'cls') && !['market', 'limit'].includes(spec.type)) {
    throw invalidInput(`${spec.timeInForce} orders must be market or limit orders`);
  }
}

function checkQuantity(spec: OrderSpec): void {
  const instrument = spec.instrument;
  if (spec.notional) {
    if (spec.type !== 'market' || spec.timeInForce !== 'day') throw invalidInput('notional orders must be market day orders');
    if (spec.orderClass !== 'simple') throw invalidInput('notional orders must be simple orders');
    if (instrument && !instrument.fractionable) throw invalidInput(`asset ${instrument.symbol} is not fractionable`);
  }
  if (spec.qty && !spec.qty.isInteger()) {
    if (instrument && !instrument.fractionable) throw invalidInput(`asset ${instrument.symbol} is not fractionable`);
    if (spec.timeInForce !== 'day') throw invalidInput('fractional orders must be DAY orders');
    if (spec.orderClass !== 'simple') throw invalidInput('fractional orders must be simple orders');
    if (instrument?.assetClass === 'us_option') throw invalidInput('option orders must be whole contracts');
  }
}

export function parseOrderRequest(raw: unknown, lookup: InstrumentLookup): OrderSpec {
  if (!isRecord(raw)) throw invalidInput('invalid order request');
  const body = raw;
  const orderClass = body.order_class === undefined || body.order_class === null || body.order_class === '' ? 'simple' : oneOf(body.order_class, CLASSES, 'order_class');
  const qty = positiveDecimal(body.qty, 'qty');
  const notional = positiveDecimal(body.notional, 'notional');
  if (qty && notional) throw onlyOneOfQtyOrNotional();
  if (!qty && !notional) throw qtyOrNotionalRequired();
  const clientOrderId = body.client_order_id === undefined || body.client_order_id === null || body.client_order_id === '' ? undefined : body.client_order_id;
  if (clientOrderId !== undefined && (typeof clientOrderId !== 'string' || clientOrderId.length > MAX_CLIENT_ORDER_ID)) {
    throw invalidInput('client_order_id must be a string of at most 128 characters');
  }
  let instrument: Instrument | undefined;
  let legs: LegSpec[] = [];
  if (orderClass === 'mleg') {
    legs = parseLegs(body.legs, lookup);
  } else {
    if (typeof body.symbol !== 'string' || body.symbol === '') throw invalidInput('symbol is required');
    instrument = lookup(body.symbol);
    if (!instrument) throw invalidInput(`asset ${body.symbol} not found`);
    if (!instrument.tradable) throw unprocessable(`asset ${body.symbol} is not tradable`);
  }
  const spec: OrderSpec = {
    instrument,
    qty,
    notional,
    side: orderClass === 'mleg' && body.side === undefined ? 'buy' : oneOf(body.side, SIDES, 'side'),
    type: oneOf(body.type, TYPES, 'order type'),
    timeInForce: oneOf(body.time_in_force, TIFS, 'time_in_force'),
    limitPrice: priceField(body, 'limit_price', orderClass === 'mleg'),
    stopPrice: priceField(body, 'stop_price'),
    trailPrice: positiveDecimal(body.trail_price, 'trail_price'),
    trailPercent: positiveDecimal(body.trail_percent, 'trail_percent'),
    extendedHours: body.extended_hours === true || body.extended_hours === 'true',
    clientOrderId,
    orderClass,
    ...parseExits(body),
    positionIntent: optionalOneOf(body.position_intent, INTENTS, 'position_intent'),
    legs,
  };
  if (orderClass === 'oco' && spec.takeProfit && !spec.limitPrice) spec.limitPrice = spec.takeProfit.limitPrice;
  if (orderClass === 'mleg') {
    if (!qty || !qty.isInteger()) throw invalidInput('mleg orders need a whole qty');
    if (spec.type !== 'market' && spec.type !== 'limit') throw invalidInput('mleg orders must be market or limit orders');
    if (spec.type === 'limit' && !spec.limitPrice) throw invalidInput('limit_price is required');
    return spec;
  }
  checkTypeFields(spec);
  checkQuantity(spec);
  checkClass(spec);
  return spec;
}
