import type { MarketClock } from '../../src-shared/ipc/market-clock-schemas.js';
import { sessionOf } from '../kernel/orders/session.js';
import type { VenueClock } from '../kernel/orders/venue.js';
import { NyseCalendar } from '../exchange/market/calendar.js';

/** Apart by more than this, the exchange's clock is simulated (demo outside trading hours), not merely skewed. */
const SIMULATED_AFTER_MS = 60_000;
const NYSE = new NyseCalendar();

/**
 * The market clock the status bar shows: the broker's clock as last read (moved on by the wall time since), its
 * session by the NYSE calendar (pre, regular, post, closed: the same rule the order path uses). Without a reading
 * yet, the wall clock and the calendar alone.
 */
export function marketClockOf(reading: VenueClock | undefined, wallNow: number): MarketClock {
  if (!reading) {
    const day = NYSE.sessionOf(wallNow);
    const isOpen = day !== undefined && wallNow >= day.open && wallNow < day.close;
    return { now: wallNow, wallNow, simulated: false, session: sessionOf({ now: wallNow, isOpen, nextOpen: 0, nextClose: 0 }, NYSE), nextOpen: null, nextClose: null, source: 'calendar' };
  }
  return {
    now: Math.round(reading.now),
    wallNow,
    simulated: Math.abs(reading.now - wallNow) > SIMULATED_AFTER_MS,
    session: sessionOf(reading, NYSE),
    nextOpen: reading.nextOpen,
    nextClose: reading.nextClose,
    source: 'broker',
  };
}
