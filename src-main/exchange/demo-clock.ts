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
  const date = nyDate(now);
  const last = today && now >= today.sessionClose ? today : calendar.previousSession(previousDate(date));
  return last.open;
}

function previousDate(date: string): string {
  const t = Date.parse(`${date}T12:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
