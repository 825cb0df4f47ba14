import type { EpochMs } from '../../../src-shared/time.js';
import { NyseCalendar } from '../../exchange/market/calendar.js';
import type { MarketSession } from '../risk/risk-types.js';
import type { VenueClock } from './venue.js';

/** The part of an exchange calendar the session check reads: a trading day's hours, or none on a holiday or weekend. */
export interface SessionHours {
  sessionOf(time: EpochMs): { sessionOpen: EpochMs; open: EpochMs; close: EpochMs; sessionClose: EpochMs } | undefined;
}

/** NYSE holidays and early closes by rule (the same calendar the local exchange and the history code use). */
const NYSE: SessionHours = new NyseCalendar();

/**
 * The session at the broker's clock. Regular when the broker says the market is open. Otherwise the exchange
 * calendar decides from that day's hours: pre-market from the session open to the regular open, post-market from
 * the regular close (13:00 on early-close days) to the session close, closed on holidays, weekends and at night.
 * Counting clock times alone called Thanksgiving evening "post-market" and the afternoon after it "closed".
 */
export function sessionOf(clock: VenueClock, calendar: SessionHours = NYSE): MarketSession {
  if (clock.isOpen) return 'regular';
  const day = calendar.sessionOf(clock.now);
  if (!day) return 'closed';
  if (clock.now >= day.sessionOpen && clock.now < day.open) return 'pre';
  if (clock.now >= day.close && clock.now < day.sessionClose) return 'post';
  return 'closed';
}
