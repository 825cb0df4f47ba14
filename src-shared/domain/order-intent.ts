import { z } from 'zod';

/**
 * What someone (ticket, bot, strategy, algo, CLI) wants to trade, before it becomes a broker order. The
 * vocabulary is Alpaca's; amounts are decimal strings so nothing is rounded through a float on the way.
 */
export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;
export const TIMES_IN_FORCE = ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'] as const;
export const ORDER_CLASSES = ['simple', 'bracket', 'oco', 'oto', 'mleg'] as const;
export const POSITION_INTENTS = ['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close'] as const;

export type OrderSide = (typeof ORDER_SIDES)[number];
export type OrderType = (typeof ORDER_TYPES)[number];
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];
export type OrderClass = (typeof ORDER_CLASSES)[number];

/** A positive decimal written as a string: "10", "0.5", "187.25". */
export const positiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive decimal number like 10 or 0.5')
  .refine((s) => /[1-9]/.test(s), 'must be greater than zero');

export const orderSymbol = z.string().regex(/^[A-Z][A-Z0-9.]{0,20}$/, 'must be an upper-case ticker or OCC option symbol');

/** An OCC option symbol: root (1-6 letters), expiry YYMMDD, C or P, strike x 1000 in 8 digits. */
export const OCC_SYMBOL = /^([A-Z]{1,6})(\d{6})([CP])(\d{8})$/;

/** A decimal that may be negative: an mleg order's net limit, where a credit is negative. */
const signedDecimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number like 1.25 or -0.80');

const optionLeg = z.strictObject({
  symbol: orderSymbol,
  side: z.enum(ORDER_SIDES),
  ratioQty: positiveDecimal,
  positionIntent: z.enum(POSITION_INTENTS).optional(),
});

export const orderIntent = z
  .strictObject({
    /** Absent only for mleg orders, whose symbols are in `legs`. */
    symbol: orderSymbol.optional(),
    side: z.enum(ORDER_SIDES).optional(),
    type: z.enum(ORDER_TYPES),
    timeInForce: z.enum(TIMES_IN_FORCE),
    qty: positiveDecimal.optional(),
    notional: positiveDecimal.optional(),
    /** Positive, except an mleg order's net limit: negative is a credit received, positive a debit paid. */
    limitPrice: signedDecimal.optional(),
    stopPrice: positiveDecimal.optional(),
    trailPrice: positiveDecimal.optional(),
    trailPercent: positiveDecimal.optional(),
    extendedHours: z.boolean().default(false),
    orderClass: z.enum(ORDER_CLASSES).default('simple'),
    takeProfit: z.strictObject({ limitPrice: positiveDecimal }).optional(),
    stopLoss: z.strictObject({ stopPrice: positiveDecimal, limitPrice: positiveDecimal.optional() }).optional(),
    legs: z.array(optionLeg).min(2).max(4).optional(),
    positionIntent: z.enum(POSITION_INTENTS).optional(),
  })
  .superRefine((o, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (o.orderClass === 'mleg') {
      if (!o.legs) issue('a multi-leg order needs 2 to 4 legs', 'legs');
      if (!o.qty) issue('a multi-leg order needs qty (the number of spreads)', 'qty');
      multiLegIssues(o, issue);
    } else {
      if (!o.symbol) issue('symbol is required', 'symbol');
      if (!o.side) issue('side is required', 'side');
      if (o.legs) issue('legs belong to multi-leg (mleg) orders only', 'legs');
    }
    if ((o.qty === undefined) === (o.notional === undefined)) issue('give exactly one of qty or notional', 'qty');
    if (o.notional !== undefined && (o.type !== 'market' || o.timeInForce !== 'day')) {
      issue('notional orders must be market orders with time in force day', 'notional');
    }
    if (o.orderClass !== 'mleg' && o.limitPrice !== undefined && !/^\d+(\.\d+)?$/.test(o.limitPrice)) issue('must be a positive decimal number like 10 or 0.5', 'limitPrice');
    else if (o.orderClass !== 'mleg' && o.limitPrice !== undefined && !/[1-9]/.test(o.limitPrice)) issue('must be greater than zero', 'limitPrice');
    const needsLimit = o.type === 'limit' || o.type === 'stop_limit';
    const needsStop = o.type === 'stop' || o.type === 'stop_limit';
    if (needsLimit && !o.limitPrice) issue(`a ${o.type} order needs a limit price`, 'limitPrice');
    if (!needsLimit && o.limitPrice) issue(`a ${o.type} order takes no limit price`, 'limitPrice');
    if (needsStop && !o.stopPrice) issue(`a ${o.type} order needs a stop price`, 'stopPrice');
    if (!needsStop && o.stopPrice) issue(`a ${o.type} order takes no stop price`, 'stopPrice');
    if (o.type === 'trailing_stop' && (o.trailPrice === undefined) === (o.trailPercent === undefined)) {
      issue('a trailing stop needs exactly one of trail price or trail percent', 'trailPrice');
    }
    if (o.type !== 'trailing_stop' && (o.trailPrice || o.trailPercent)) issue('trail amounts belong to trailing stops', 'trailPrice');
    if (o.extendedHours && !(o.type === 'limit' && o.timeInForce === 'day')) {
      issue('extended hours need a limit order with time in force day', 'extendedHours');
    }
    if (o.orderClass === 'bracket' && (!o.takeProfit || !o.stopLoss)) issue('a bracket needs take profit and stop loss', 'orderClass');
    if (o.orderClass === 'oco' && (!o.takeProfit || !o.stopLoss)) issue('an OCO needs take profit and stop loss', 'orderClass');
    if (o.orderClass === 'oto' && !o.takeProfit === !o.stopLoss) issue('an OTO needs exactly one of take profit or stop loss', 'orderClass');
    if (o.orderClass === 'simple' && (o.takeProfit || o.stopLoss)) issue('take profit / stop loss need a bracket, OCO or OTO', 'orderClass');
  });

/**
 * Alpaca's rules for a multi-leg (mleg) order, checked before anything leaves: option legs only (a stock leg is a
 * separate order), each contract once, whole ratios and a whole number of spreads, one underlying, market or limit,
 * day or gtc, and none of the single-order fields (the symbols and sides are in the legs).
 */
function multiLegIssues(
  o: { legs?: Array<{ symbol: string; ratioQty: string }> | undefined; qty?: string | undefined; type: OrderType; timeInForce: TimeInForce; symbol?: string | undefined; side?: OrderSide | undefined; notional?: string | undefined; stopPrice?: string | undefined; extendedHours: boolean },
  issue: (message: string, path: string) => void,
): void {
  if (o.type !== 'market' && o.type !== 'limit') issue(`a multi-leg order is market or limit, not ${o.type}`, 'type');
  if (o.timeInForce !== 'day' && o.timeInForce !== 'gtc') issue(`a multi-leg order's time in force is day or gtc, not ${o.timeInForce}`, 'timeInForce');
  if (o.symbol !== undefined || o.side !== undefined) issue('a multi-leg order names its symbols and sides in its legs only', 'symbol');
  if (o.notional !== undefined) issue('a multi-leg order is sized in spreads (qty), not notional', 'notional');
  if (o.extendedHours) issue('multi-leg option orders trade in the regular session only', 'extendedHours');
  if (o.qty !== undefined && !/^\d+$/.test(o.qty)) issue(`qty ${o.qty} must be a whole number of spreads`, 'qty');
  const seen = new Set<string>();
  const roots = new Set<string>();
  for (const leg of o.legs ?? []) {
    const occ = OCC_SYMBOL.exec(leg.symbol);
    if (!occ) issue(`leg ${leg.symbol} is not an option contract: Alpaca's mleg orders take option legs only (send stock as its own order)`, 'legs');
    else roots.add(occ[1]!);
    if (seen.has(leg.symbol)) issue(`leg ${leg.symbol} appears twice: each contract once, with its ratio`, 'legs');
    seen.add(leg.symbol);
    if (!/^\d+$/.test(leg.ratioQty)) issue(`leg ${leg.symbol}: ratio ${leg.ratioQty} must be a whole number`, 'legs');
  }
  if (roots.size > 1) issue(`every leg must be on one underlying, got ${[...roots].join(', ')}`, 'legs');
}

export type OrderIntent = z.output<typeof orderIntent>;
export type OrderIntentInput = z.input<typeof orderIntent>;
