import { orderIntent, type OrderIntent, type OrderIntentInput, type OrderSide, type TimeInForce } from '../../../src-shared/domain/order-intent.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';

/**
 * Builds order intents (Alpaca's vocabulary, amounts as decimal strings) from numbers, for every order type and
 * class the intent schema knows. Each result is validated, so a strategy finds its mistake where it made it.
 */

/** A positive number written as a plain decimal string (no exponent), up to 9 decimals. */
export function toDecimal(x: number, what: string): string {
  if (!Number.isFinite(x) || x <= 0) throw new CodedError('BAD_REQUEST', `${what} must be a positive number, got ${x}`);
  if (Number.isInteger(x) && x < 1e15) return String(x);
  const text = x.toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
  if (!/[1-9]/.test(text)) throw new CodedError('BAD_REQUEST', `${what} ${x} is too small (below 1e-9)`);
  return text;
}

/** A constructor that hands back the object it is given, so a subclass's private field lands on that object. */
class Returning {
  constructor(target: object) {
    return target;
  }
}

/**
 * The mark on intents this factory built: they passed the schema and are frozen, so a runtime need not parse them
 * again. A private field cannot be forged or copied (a spread, JSON or a structured clone leaves it behind, so a copy
 * is parsed again), and setting and testing it are plain property operations. It was a WeakSet: a backtest builds
 * an intent per order size, and adding 65,000 of them cost about 0.7 us each plus the collector's ephemeron work.
 */
class ValidatedMark extends Returning {
  #validated = true;

  static mark(intent: OrderIntent): void {
    new ValidatedMark(intent);
  }

  static has(intent: object): boolean {
    return #validated in intent;
  }
}

export function isValidatedIntent(intent: OrderIntent): boolean {
  return typeof intent === 'object' && intent !== null && ValidatedMark.has(intent);
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(value);
}

function build(input: OrderIntentInput): OrderIntent {
  const parsed = orderIntent.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CodedError('BAD_REQUEST', `bad order: ${first ? `${first.path.join('.') || 'order'} ${first.message}` : 'invalid'}`);
  }
  ValidatedMark.mark(parsed.data);
  const intent = deepFreeze(parsed.data);
  return intent;
}

/** Bound on the market-order memo (a strategy sizing every order differently must not grow it without end). */
const MEMO_LIMIT = 4096;

export interface TrailingStopOptions {
  trailPrice?: number;
  trailPercent?: number;
}

export interface ExitLegs {
  takeProfit?: number;
  stopLoss?: number;
  stopLossLimit?: number;
}

export class OrderFactory {
  /** Intents are frozen values, so equal market orders can share one: a backtest sends thousands of the same. */
  private readonly marketMemo = new Map<string, OrderIntent>();
  /**
   * One schema-checked market order per symbol, side and time in force: another size of it differs only in `qty`,
   * which no rule of the schema reads beyond its own format (toDecimal writes only what that format accepts), so it
   * is the checked one with its qty replaced (same fields, same order) instead of a full parse per size.
   */
  private readonly marketTemplates = new Map<string, OrderIntent>();

  market(symbol: string, side: OrderSide, qty: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    const key = `${symbol}\u0000${side}\u0000${timeInForce}\u0000${qty}`;
    let intent = this.marketMemo.get(key);
    if (intent === undefined) {
      const decimal = toDecimal(qty, 'qty');
      const templateKey = `${symbol}\u0000${side}\u0000${timeInForce}`;
      let template = this.marketTemplates.get(templateKey);
      if (template === undefined) {
        template = build({ symbol, side, type: 'market', timeInForce, qty: decimal });
        if (this.marketTemplates.size >= MEMO_LIMIT) this.marketTemplates.clear();
        this.marketTemplates.set(templateKey, template);
      }
      if (template.qty === decimal) intent = template;
      else {
        const copy = { ...template, qty: decimal };
        ValidatedMark.mark(copy);
        // Shallow is deep here: its only nested values are the template's, frozen with it.
        intent = Object.freeze(copy);
      }
      if (this.marketMemo.size >= MEMO_LIMIT) this.marketMemo.clear();
      this.marketMemo.set(key, intent);
    }
    return intent;
  }

  /** A market order for a dollar amount (Alpaca: day orders only). */
  notional(symbol: string, side: OrderSide, amount: number): OrderIntent {
    return build({ symbol, side, type: 'market', timeInForce: 'day', notional: toDecimal(amount, 'notional') });
  }

  limit(symbol: string, side: OrderSide, qty: number, limitPrice: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({ symbol, side, type: 'limit', timeInForce, qty: toDecimal(qty, 'qty'), limitPrice: toDecimal(limitPrice, 'limit price') });
  }

  stop(symbol: string, side: OrderSide, qty: number, stopPrice: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({ symbol, side, type: 'stop', timeInForce, qty: toDecimal(qty, 'qty'), stopPrice: toDecimal(stopPrice, 'stop price') });
  }

  stopLimit(symbol: string, side: OrderSide, qty: number, stopPrice: number, limitPrice: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({
      symbol,
      side,
      type: 'stop_limit',
      timeInForce,
      qty: toDecimal(qty, 'qty'),
      stopPrice: toDecimal(stopPrice, 'stop price'),
      limitPrice: toDecimal(limitPrice, 'limit price'),
    });
  }

  trailingStop(symbol: string, side: OrderSide, qty: number, trail: TrailingStopOptions, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({
      symbol,
      side,
      type: 'trailing_stop',
      timeInForce,
      qty: toDecimal(qty, 'qty'),
      ...(trail.trailPrice !== undefined ? { trailPrice: toDecimal(trail.trailPrice, 'trail price') } : {}),
      ...(trail.trailPercent !== undefined ? { trailPercent: toDecimal(trail.trailPercent, 'trail percent') } : {}),
    });
  }

  /** Entry (market, or limit when `limitPrice` is given) with a take-profit limit and a stop-loss attached. */
  bracket(symbol: string, side: OrderSide, qty: number, exits: Required<Pick<ExitLegs, 'takeProfit' | 'stopLoss'>> & ExitLegs, limitPrice?: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({
      symbol,
      side,
      type: limitPrice === undefined ? 'market' : 'limit',
      timeInForce,
      qty: toDecimal(qty, 'qty'),
      ...(limitPrice !== undefined ? { limitPrice: toDecimal(limitPrice, 'limit price') } : {}),
      orderClass: 'bracket',
      ...legs(exits),
    });
  }

  /** One-cancels-other exit for an open position: a take-profit limit and a stop-loss. */
  oco(symbol: string, side: OrderSide, qty: number, exits: Required<Pick<ExitLegs, 'takeProfit' | 'stopLoss'>> & ExitLegs, timeInForce: TimeInForce = 'gtc'): OrderIntent {
    return build({
      symbol,
      side,
      type: 'limit',
      timeInForce,
      qty: toDecimal(qty, 'qty'),
      limitPrice: toDecimal(exits.takeProfit, 'take profit'),
      orderClass: 'oco',
      ...legs(exits),
    });
  }

  /** One-triggers-other: an entry with exactly one exit (take profit or stop loss) attached. */
  oto(symbol: string, side: OrderSide, qty: number, exit: ExitLegs, limitPrice?: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({
      symbol,
      side,
      type: limitPrice === undefined ? 'market' : 'limit',
      timeInForce,
      qty: toDecimal(qty, 'qty'),
      ...(limitPrice !== undefined ? { limitPrice: toDecimal(limitPrice, 'limit price') } : {}),
      orderClass: 'oto',
      ...legs(exit),
    });
  }

  /** A multi-leg option order (2 to 4 legs), `qty` spreads at a net limit price or at market. */
  multiLeg(legList: Array<{ symbol: string; side: OrderSide; ratioQty: number }>, qty: number, limitPrice?: number, timeInForce: TimeInForce = 'day'): OrderIntent {
    return build({
      type: limitPrice === undefined ? 'market' : 'limit',
      timeInForce,
      qty: toDecimal(qty, 'qty'),
      ...(limitPrice !== undefined ? { limitPrice: toDecimal(limitPrice, 'limit price') } : {}),
      orderClass: 'mleg',
      legs: legList.map((l) => ({ symbol: l.symbol, side: l.side, ratioQty: toDecimal(l.ratioQty, 'leg ratio') })),
    });
  }
}

function legs(exits: ExitLegs): Pick<OrderIntentInput, 'takeProfit' | 'stopLoss'> {
  return {
    ...(exits.takeProfit !== undefined ? { takeProfit: { limitPrice: toDecimal(exits.takeProfit, 'take profit') } } : {}),
    ...(exits.stopLoss !== undefined
      ? {
          stopLoss: {
            stopPrice: toDecimal(exits.stopLoss, 'stop loss'),
            ...(exits.stopLossLimit !== undefined ? { limitPrice: toDecimal(exits.stopLossLimit, 'stop loss limit') } : {}),
          },
        }
      : {}),
  };
}
