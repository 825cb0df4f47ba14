import type { EpochMs } from '../../../src-shared/time.js';
import type { MarketSource } from '../market/types.js';
import type { Account } from './account.js';
import { Decimal, fromNumber, ZERO } from './decimal.js';
import type { Order, Position } from './model.js';
import { TERMINAL_STATUSES } from './model.js';
import { markOf, nbboOf } from './pricing.js';

/** Marks, previous closes and the account figures derived from them (equity, margin, buying power). */
export class Valuer {
  private readonly closes = new Map<string, Decimal | null>();

  constructor(private readonly market: MarketSource) {}

  /** Mark of a position's instrument; falls back to its entry price so a position never shows as worthless. */
  price(position: Position): Decimal {
    const mark = markOf(this.market, position.symbol);
    if (mark) return mark;
    return position.qty.isZero() ? ZERO : position.costBasis.div(position.qty).abs();
  }

  /** The previous session's close (Alpaca's lastday_price), from the daily bars; the mark when there are none. */
  lastdayPrice(position: Position, now: EpochMs): Decimal {
    const session = this.market.calendar.sessionOf(now);
    const before = session ? session.sessionOpen : now;
    const key = `${position.symbol}@${before}`;
    if (!this.closes.has(key)) {
      let close: Decimal | null = null;
      try {
        const bars = this.market.bars(position.symbol, { amount: 1, unit: 'Day' }, before - 10 * 86_400_000, before);
        const last = bars[bars.length - 1];
        if (last) close = fromNumber(last.c);
      } catch {
        close = null;
      }
      this.closes.set(key, close);
    }
    return this.closes.get(key) ?? this.price(position);
  }

  marketValue(position: Position): Decimal {
    return position.qty.times(this.price(position)).times(position.multiplier);
  }

  /** Cash held back by open orders that would add exposure (buys, and sells that open a short). */
  reservation(account: Account, exclude?: string): Decimal {
    let total = ZERO;
    for (const order of account.orders.values()) {
      if (order.id === exclude || TERMINAL_STATUSES.has(order.status) || order.status === 'held') continue;
      if (order.orderClass === 'mleg' && order.role !== 'mleg_leg') continue;
      total = total.plus(this.orderCost(account, order));
    }
    return total;
  }

  /** What an open order could still cost: remaining qty at its limit (or stop, or the current quote side). */
  orderCost(account: Account, order: Order): Decimal {
    const position = account.positionQty(order.symbol);
    const opening = order.side === 'buy' ? position.gte(0) : position.lte(0);
    if (!opening) return ZERO;
    if (order.notional) return order.notional.minus(order.filledCost.times(order.multiplier));
    const remaining = (order.qty ?? ZERO).minus(order.filledQty);
    return remaining.times(this.estimatePrice(order.symbol, order.side, order.limitPrice ?? order.stopPrice)).times(order.multiplier);
  }

  estimatePrice(symbol: string, side: 'buy' | 'sell', limit: Decimal | null): Decimal {
    if (limit) return limit;
    const nbbo = nbboOf(this.market, symbol);
    if (nbbo) return side === 'buy' ? nbbo.ask : nbbo.bid;
    return markOf(this.market, symbol) ?? ZERO;
  }

  figures(account: Account, reservation: Decimal): AccountFigures {
    let longValue = ZERO;
    let shortValue = ZERO;
    for (const position of account.positions.values()) {
      const value = this.marketValue(position);
      if (value.isNegative()) shortValue = shortValue.plus(value);
      else longValue = longValue.plus(value);
    }
    const equity = account.cash.plus(longValue).plus(shortValue);
    const gross = longValue.minus(shortValue);
    const multiplier = account.multiplier(equity);
    const initialMargin = gross.times('0.5');
    const maintenanceMargin = longValue.times('0.3').plus(shortValue.abs().times('0.3'));
    const clamp = (value: Decimal): Decimal => (value.isNegative() ? ZERO : value);
    // Cash accounts spend cash; margin accounts spend equity times the multiplier less what is already held.
    const buyingPower = multiplier.eq(1)
      ? clamp(account.cash.minus(reservation))
      : clamp(equity.times(multiplier).minus(gross).minus(reservation));
    const regt = multiplier.eq(1) ? buyingPower : clamp(equity.times(2).minus(gross).minus(reservation));
    return {
      equity,
      longValue,
      shortValue,
      multiplier,
      initialMargin,
      maintenanceMargin,
      buyingPower,
      regtBuyingPower: regt,
      nonMarginableBuyingPower: clamp(account.cash.minus(reservation)),
    };
  }
}

export interface AccountFigures {
  equity: Decimal;
  longValue: Decimal;
  shortValue: Decimal;
  multiplier: Decimal;
  initialMargin: Decimal;
  maintenanceMargin: Decimal;
  buyingPower: Decimal;
  regtBuyingPower: Decimal;
  nonMarginableBuyingPower: Decimal;
}

