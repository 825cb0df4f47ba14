import { Decimal } from './decimal.js';
import type { Order } from './model.js';
import type { Nbbo } from './pricing.js';

/**
 * Alpaca paper's fill rules, as pure functions of an order and the market: marketable orders fill at the NBBO
 * (buy at the ask, sell at the bid), limits when the quote crosses them, stops once a trade or quote reaches
 * the stop (and then at the quote, so a gap through the stop fills at the gap price, not at the stop).
 */
export function needsTrigger(order: Order): boolean {
  return order.type === 'stop' || order.type === 'stop_limit' || order.type === 'trailing_stop';
}

/** The price a trigger compares against: the trade, else the quote side the order would take. */
export function observedPrice(order: Order, nbbo: Nbbo | undefined, tradePrice: Decimal | undefined): Decimal | undefined {
  if (tradePrice) return tradePrice;
  if (!nbbo) return undefined;
  return order.side === 'buy' ? nbbo.ask : nbbo.bid;
}

/** Moves a trailing stop's water mark and stop price with a new observed price. */
export function trail(order: Order, observed: Decimal): void {
  if (order.type !== 'trailing_stop' || order.triggered) return;
  const better = order.side === 'sell' ? observed.gt(order.hwm ?? observed.minus(1)) : observed.lt(order.hwm ?? observed.plus(1));
  if (order.hwm === null || better) order.hwm = observed;
  const mark = order.hwm;
  if (order.trailPrice) {
    order.stopPrice = order.side === 'sell' ? mark.minus(order.trailPrice) : mark.plus(order.trailPrice);
  } else if (order.trailPercent) {
    const factor = order.trailPercent.div(100);
    const raw = order.side === 'sell' ? mark.times(new Decimal(1).minus(factor)) : mark.times(new Decimal(1).plus(factor));
    order.stopPrice = raw.toDecimalPlaces(raw.gte(1) ? 2 : 4, order.side === 'sell' ? Decimal.ROUND_DOWN : Decimal.ROUND_UP);
  }
}

export function stopTouched(order: Order, observed: Decimal): boolean {
  if (!order.stopPrice) return false;
  return order.side === 'buy' ? observed.gte(order.stopPrice) : observed.lte(order.stopPrice);
}

/** The execution price now, or undefined when the order is not marketable. */
export function executablePrice(order: Order, nbbo: Nbbo | undefined): Decimal | undefined {
  if (!nbbo) return undefined;
  if (needsTrigger(order) && !order.triggered) return undefined;
  const take = order.side === 'buy' ? nbbo.ask : nbbo.bid;
  const limited = order.type === 'limit' || order.type === 'stop_limit';
  if (!limited || !order.limitPrice) return take;
  const crosses = order.side === 'buy' ? take.lte(order.limitPrice) : take.gte(order.limitPrice);
  return crosses ? take : undefined;
}

/** An auction (opg/cls) fills at the auction price when a limit allows it. */
export function auctionAllows(order: Order, price: Decimal): boolean {
  if (order.type !== 'limit' || !order.limitPrice) return true;
  return order.side === 'buy' ? price.lte(order.limitPrice) : price.gte(order.limitPrice);
}
