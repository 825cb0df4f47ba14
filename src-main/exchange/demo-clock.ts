import type { EpochMs } from '../../src-shared/time.js';
import { NyseCalendar } from './market/calendar.js';
import { nyDate } from './market/ny-time.js';

/**
 * Where demo mode's clock starts. Inside a trading day's hours (04:00–20:00 New York) demo runs on wall time, so
 * it matches what the trader's real clock says. Outside them (nights, weekends, holidays) a wall-clock demo would
 * show a frozen market, so the clock is simulated from the most recent session's regular open instead, and runs
 * at real speed from there. Undefined means "use the wall clock".
 */
export function demoStartTime(now: EpochMs, calendar: NyseCalendar = new NyseCalendar()): EpochMs | undefined {
  const today = calendar.sessionOf(now);
  if (today && now >= today.sessionOpen && now < today.sessionClose) return undefined;
  return latestRegularOpen(now, calendar);
}

/**
 * The regular open of the latest session that has opened by `now` (today's once 09:30 has passed). The demo clock
 * starts here when `WORKSTATION_DEMO_CLOCK=simulated` asks for the same market whatever the hour (tests: a market
 * order fills at any time of day; in pre-market on wall time it would rest until the open).
 */
export function latestRegularOpen(now: EpochMs, calendar: NyseCalendar = new NyseCalendar()): EpochMs {
  const today = calendar.sessionOf(now);
  if (today && now >= today.open) return today.open;
  const date = nyDate(now);
  return calendar.previousSession(previousDate(date)).open;
}

function previousDate(date: string): string {
  const t = Date.parse(`${date}T12:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
