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
    limitPrice: positiveDecimal.optional(),
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
    } else {
      if (!o.symbol) issue('symbol is required', 'symbol');
      if (!o.side) issue('side is required', 'side');
      if (o.legs) issue('legs belong to multi-leg (mleg) orders only', 'legs');
    }
    if ((o.qty === undefined) === (o.notional === undefined)) issue('give exactly one of qty or notional', 'qty');
    if (o.notional !== undefined && (o.type !== 'market' || o.timeInForce !== 'day')) {
      issue('notional orders must be market orders with time in force day', 'notional');
    }
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

export type OrderIntent = z.output<typeof orderIntent>;
export type OrderIntentInput = z.input<typeof orderIntent>;
