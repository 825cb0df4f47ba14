import { Decimal } from 'decimal.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';

/**
 * The order rules Alpaca states in its 4xx answers (tests/fixtures/alpaca-contract/errors and the local exchange,
 * which mirrors them in exchange/broker/order-request.ts), checked before anything is sent so the preview says
 * what the broker would say. Pure: the order alone decides; the account's state (buying power, shares held) is
 * the rest of the risk engine's business.
 */
export const BROKER_RULE_CODES = ['QTY_OR_NOTIONAL', 'NOTIONAL_RULES', 'FRACTIONAL_RULES', 'EXTENDED_HOURS_RULES', 'ORDER_CLASS_RULES', 'SUB_PENNY_PRICE', 'EXIT_PRICE_ORDER'] as const;
export type BrokerRuleCode = (typeof BROKER_RULE_CODES)[number];

export interface BrokerRuleViolation {
  code: BrokerRuleCode;
  /** What a trader reads: what is wrong and what to change. */
  message: string;
  /** What the broker answers for the same order (its 4xx message), to recognise it in the broker's logs. */
  brokerMessage: string;
}

type Check = (intent: OrderIntent) => BrokerRuleViolation | undefined;

const violation = (code: BrokerRuleCode, message: string, brokerMessage: string): BrokerRuleViolation => ({
  code,
  message: `${message} (the broker answers: "${brokerMessage}")`,
  brokerMessage,
});

const qtyOrNotional: Check = (o) => {
  if (o.qty === undefined && o.notional === undefined) return violation('QTY_OR_NOTIONAL', 'give a quantity or a dollar amount', 'qty or notional is required');
  if (o.qty !== undefined && o.notional !== undefined) return violation('QTY_OR_NOTIONAL', 'give a quantity or a dollar amount, not both', 'only one of qty or notional is accepted');
  return undefined;
};

const notional: Check = (o) => {
  if (o.notional === undefined) return undefined;
  if (o.type !== 'market' || o.timeInForce !== 'day') return violation('NOTIONAL_RULES', 'an order in dollars must be a market order with time in force DAY', 'notional orders must be market day orders');
  if (o.orderClass !== 'simple') return violation('NOTIONAL_RULES', 'an order in dollars cannot carry a bracket, OCO or OTO: give a whole quantity', 'notional orders must be simple orders');
  return undefined;
};

const FRACTIONAL_TYPES: ReadonlySet<OrderIntent['type']> = new Set(['market', 'limit', 'stop', 'stop_limit']);

const fractional: Check = (o) => {
  if (o.qty === undefined || new Decimal(o.qty).isInteger()) return undefined;
  if (isOption(o.symbol)) return violation('FRACTIONAL_RULES', 'options trade in whole contracts', 'option orders must be whole contracts');
  if (o.timeInForce !== 'day') return violation('FRACTIONAL_RULES', 'a fractional quantity needs time in force DAY', 'fractional orders must be DAY orders');
  if (o.orderClass !== 'simple') return violation('FRACTIONAL_RULES', 'a bracket, OCO or OTO needs a whole quantity', 'fractional orders must be simple orders');
  if (!FRACTIONAL_TYPES.has(o.type)) return violation('FRACTIONAL_RULES', 'a fractional quantity needs a market, limit, stop or stop-limit order', 'fractional orders must be market, limit, stop or stop_limit orders');
  return undefined;
};

const extendedHours: Check = (o) =>
  o.extendedHours && !(o.type === 'limit' && o.timeInForce === 'day')
    ? violation('EXTENDED_HOURS_RULES', 'extended hours take only limit orders with time in force DAY', 'extended hours order must be DAY limit orders')
    : undefined;

const orderClass: Check = (o) => {
  if (o.orderClass === 'bracket' && o.type !== 'market' && o.type !== 'limit') {
    return violation('ORDER_CLASS_RULES', 'a bracket enters with a market or limit order', 'bracket orders must be market or limit orders');
  }
  if (o.orderClass === 'bracket' && o.timeInForce !== 'day' && o.timeInForce !== 'gtc') {
    return violation('ORDER_CLASS_RULES', 'a bracket needs time in force DAY or GTC', 'bracket orders must be day or gtc');
  }
  return undefined;
};

/** US equities trade in pennies at $1 and above, in hundredths of a cent below (Rule 612). */
const subPenny: Check = (o) => {
  if (isOption(o.symbol) || o.orderClass === 'mleg') return undefined;
  const prices: Array<[string, string | undefined]> = [
    ['limit_price', o.limitPrice],
    ['stop_price', o.stopPrice],
    ['take_profit.limit_price', o.takeProfit?.limitPrice],
    ['stop_loss.stop_price', o.stopLoss?.stopPrice],
    ['stop_loss.limit_price', o.stopLoss?.limitPrice],
  ];
  for (const [field, text] of prices) {
    if (text === undefined) continue;
    const value = new Decimal(text);
    const places = value.gte(1) ? 2 : 4;
    if (value.decimalPlaces() > places) {
      const brokerField = field.endsWith('stop_price') ? 'stop_price' : 'limit_price';
      return violation(
        'SUB_PENNY_PRICE',
        `${field} ${text} has more than ${places} decimals: prices from $1 go in whole cents, below $1 in hundredths of a cent`,
        `invalid ${brokerField} ${text}. sub-penny increment does not fulfill minimum pricing criteria`,
      );
    }
  }
  return undefined;
};

const exitPrices: Check = (o) => {
  const side = o.side ?? 'buy';
  const tp = o.takeProfit ? new Decimal(o.takeProfit.limitPrice) : undefined;
  const sl = o.stopLoss ? new Decimal(o.stopLoss.stopPrice) : undefined;
  if (tp && sl) {
    // A bracket's exits sell a buy entry: profit above, stop below. An OCO is itself the exit, so its own side says.
    const sellsAbove = o.orderClass === 'oco' ? side === 'sell' : side === 'buy';
    const ok = sellsAbove ? tp.gt(sl) : tp.lt(sl);
    if (!ok) {
      const what = o.orderClass === 'oco' ? `a ${side} OCO` : `a ${side} ${o.orderClass}`;
      return violation(
        'EXIT_PRICE_ORDER',
        `${what}'s take-profit ${o.takeProfit?.limitPrice} must be ${sellsAbove ? 'above' : 'below'} its stop-loss ${o.stopLoss?.stopPrice}`,
        `take_profit.limit_price must be ${sellsAbove ? '>' : '<'} stop_loss.stop_price`,
      );
    }
  }
  if ((o.orderClass === 'bracket' || o.orderClass === 'oto') && o.limitPrice !== undefined && (tp || sl)) {
    const base = new Decimal(o.limitPrice);
    const tpOk = !tp || (side === 'buy' ? tp.gt(base) : tp.lt(base));
    const slOk = !sl || (side === 'buy' ? sl.lt(base) : sl.gt(base));
    if (!tpOk || !slOk) {
      return violation(
        'EXIT_PRICE_ORDER',
        `a ${side} ${o.orderClass} needs its take-profit ${side === 'buy' ? 'above' : 'below'} and its stop-loss ${side === 'buy' ? 'below' : 'above'} the entry limit ${o.limitPrice}`,
        'take_profit.limit_price and stop_loss.stop_price must straddle the entry limit_price',
      );
    }
  }
  return undefined;
};

function isOption(symbol: string | undefined): boolean {
  return symbol !== undefined && /^[A-Z.]{1,6}\d{6}[CP]\d{8}$/.test(symbol);
}

/** In the order a trader fixes them: what is traded, how, then the prices. */
const CHECKS: readonly Check[] = [qtyOrNotional, notional, fractional, extendedHours, orderClass, subPenny, exitPrices];

/** The first broker rule the order breaks, or undefined when the broker would accept its shape. */
export function brokerRuleViolation(intent: OrderIntent): BrokerRuleViolation | undefined {
  for (const check of CHECKS) {
    const found = check(intent);
    if (found) return found;
  }
  return undefined;
}
