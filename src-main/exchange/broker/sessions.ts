import type { EpochMs } from '../../../src-shared/time.js';
import type { MarketCalendar, TradingSession } from '../market/types.js';
import type { Order } from './model.js';

/** When an order may trade, when a day order ends, and which auction an opg/cls order waits for. */
export function canTradeAt(order: Order, time: EpochMs, calendar: MarketCalendar): boolean {
  if (order.timeInForce === 'opg' || order.timeInForce === 'cls') return false;
  if (calendar.isRegularHours(time)) return true;
  return order.extendedHours && calendar.isExtendedHours(time);
}

/** The session an order placed at `time` belongs to: today's if it has not ended, else the next one. */
function sessionFor(time: EpochMs, calendar: MarketCalendar, endOf: (session: TradingSession) => EpochMs): TradingSession | undefined {
  const today = calendar.sessionOf(time);
  if (today && time < endOf(today)) return today;
  return calendar.sessionOf(calendar.nextOpen(time));
}

export function dayExpiry(order: Order, time: EpochMs, calendar: MarketCalendar): EpochMs | null {
  if (order.timeInForce !== 'day') return null;
  const endOf = (session: TradingSession): EpochMs => (order.extendedHours ? session.sessionClose : session.close);
  const session = sessionFor(time, calendar, endOf);
  return session ? endOf(session) : null;
}

export function auctionTime(order: Order, time: EpochMs, calendar: MarketCalendar): EpochMs | null {
  if (order.timeInForce === 'opg') {
    const today = calendar.sessionOf(time);
    return today && time < today.open ? today.open : calendar.nextOpen(time);
  }
  if (order.timeInForce === 'cls') {
    const session = sessionFor(time, calendar, (s) => s.close);
    return session ? session.close : null;
  }
  return null;
}
