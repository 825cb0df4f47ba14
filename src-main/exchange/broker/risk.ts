import type { Account } from './account.js';
import { ZERO, type Decimal } from './decimal.js';
import { assetNotShortable, insufficientBuyingPower, insufficientQty, invalidInput, notAllowedToShort, potentialWashTrade, tradingSuspended } from './errors.js';
import { TERMINAL_STATUSES, type Side } from './model.js';
import type { OrderSpec } from './order-request.js';
import type { Valuer } from './valuation.js';
import { checkMultiLeg, checkSingleLegOption } from './options-rules.js';
import { checkExpiryDayCutoff, checkOptionsBuyingPower } from './options-buying-power.js';
import type { EpochMs } from '../../../src-shared/time.js';

/**
 * Pre-trade checks that need the account: suspension, quantity held by other orders, short sales and buying
 * power. They throw Alpaca's 403 bodies before anything is recorded.
 */
export function heldForOrders(account: Account, symbol: string, side: Side, excludeId?: string): Decimal {
  let held = ZERO;
  for (const order of account.orders.values()) {
    if (order.id === excludeId || order.symbol !== symbol || order.side !== side) continue;
    if (TERMINAL_STATUSES.has(order.status) || order.status === 'held' || order.qty === null) continue;
    held = held.plus(order.qty.minus(order.filledQty));
  }
  return held;
}

interface Exposure {
  symbol: string;
  side: Side;
  qty: Decimal;
  /** What the order could cost if it adds exposure. */
  cost: Decimal;
  shortable: boolean;
  isOption: boolean;
}

function exposureOf(spec: OrderSpec, valuer: Valuer): Exposure | undefined {
  const instrument = spec.instrument;
  if (!instrument) return undefined;
  const price = valuer.estimatePrice(instrument.symbol, spec.side, spec.limitPrice ?? spec.stopPrice);
  const qty = spec.qty ?? (price.isZero() ? ZERO : (spec.notional ?? ZERO).div(price).toDecimalPlaces(9));
  const cost = spec.notional ?? qty.times(price).times(instrument.multiplier);
  return { symbol: instrument.symbol, side: spec.side, qty, cost, shortable: instrument.shortable, isOption: instrument.assetClass === 'us_option' };
}

/** Net debit of a multi-leg order at the current quotes (a credit counts as zero cost). */
function mlegCost(spec: OrderSpec, valuer: Valuer): Decimal {
  let net = ZERO;
  for (const leg of spec.legs) {
    const price = valuer.estimatePrice(leg.instrument.symbol, leg.side, null);
    const value = price.times(leg.ratioQty).times(leg.instrument.multiplier).times(spec.qty ?? 1);
    net = leg.side === 'buy' ? net.plus(value) : net.minus(value);
  }
  if (spec.type === 'limit' && spec.limitPrice) net = spec.limitPrice.times(100).times(spec.qty ?? 1);
  return net.isNegative() ? ZERO : net;
}

export function checkOrder(account: Account, spec: OrderSpec, valuer: Valuer, excludeId?: string, now?: EpochMs): void {
  if (account.configurations.suspend_trade) throw tradingSuspended();
  const figures = valuer.figures(account, valuer.reservation(account, excludeId));
  if (now !== undefined) checkExpiryDayCutoff(account, spec, now);
  if (spec.orderClass === 'mleg') {
    checkMultiLeg(account, spec);
    checkOptionsBuyingPower(account, spec, valuer, figures.nonMarginableBuyingPower);
    const cost = mlegCost(spec, valuer);
    if (cost.gt(figures.buyingPower)) throw insufficientBuyingPower(figures.buyingPower, cost);
    return;
  }
  checkSingleLegOption(account, spec);
  checkOptionsBuyingPower(account, spec, valuer, figures.nonMarginableBuyingPower);
  const exposure = exposureOf(spec, valuer);
  if (!exposure) return;
  const position = account.positionQty(exposure.symbol);
  const reduces = exposure.side === 'sell' ? position.gt(0) : position.lt(0);
  if (reduces) {
    const held = heldForOrders(account, exposure.symbol, exposure.side, excludeId);
    const available = position.abs().minus(held);
    if (exposure.qty.gt(available)) {
      throw insufficientQty(exposure.symbol, exposure.qty, available.isNegative() ? ZERO : available, position.abs(), held);
    }
    return;
  }
  if (exposure.side === 'sell') {
    if (account.configurations.no_shorting || figures.multiplier.eq(1)) throw notAllowedToShort();
    if (!exposure.shortable) throw assetNotShortable(exposure.symbol);
    if (!exposure.qty.isInteger()) throw invalidInput('fractional orders cannot be sold short');
  }
  if (exposure.cost.gt(figures.buyingPower)) throw insufficientBuyingPower(figures.buyingPower, exposure.cost);
}

/**
 * Alpaca's wash-trade protection (errors/422-potential-wash-trade.json; its User Protection page: the same account
 * buying and selling one security at the same time is refused, "use complex orders"). Which opposite orders count
 * is unconfirmed; this takes the reading that an order is refused when it could execute against an open order of
 * the same account on the other side of the same symbol: either is a market order, or a buy limit at or above a
 * sell limit. Untriggered stops, held legs of a bracket and the legs of one complex order do not count.
 */
export function checkWashTrade(account: Account, spec: OrderSpec, excludeId?: string): void {
  if (spec.orderClass === 'mleg' || !spec.instrument) return;
  if (spec.type !== 'market' && spec.type !== 'limit') return;
  const symbol = spec.instrument.symbol;
  for (const order of account.orders.values()) {
    if (order.id === excludeId || order.symbol !== symbol || order.side === spec.side) continue;
    if (TERMINAL_STATUSES.has(order.status) || order.status === 'held') continue;
    if (order.type !== 'market' && order.type !== 'limit') continue;
    if (order.type === 'market' || spec.type === 'market') throw potentialWashTrade();
    const buy = spec.side === 'buy' ? spec.limitPrice : order.limitPrice;
    const sell = spec.side === 'sell' ? spec.limitPrice : order.limitPrice;
    if (buy && sell && buy.gte(sell)) throw potentialWashTrade();
  }
}
