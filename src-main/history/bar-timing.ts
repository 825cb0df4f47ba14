import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { EpochMs } from '../../src-shared/time.js';
import { nyseCalendar, type SessionCalendar } from './calendar.js';
import { intradayMs, MS_PER_DAY } from './timeframes.js';

/**
 * When a bar is complete: the time from which its values may be known. An intraday bar ends at its start plus its
 * length, cut at the session's close; a daily bar (keyed at 00:00 UTC of its session date) at that session's
 * close; a week or month at the close of its last session. Schedules and second-timeframe bars are timed by it,
 * so nothing is seen before the bar it comes from has ended.
 */
export class BarTiming {
  private readonly closes = new Map<string, EpochMs | null>();

  constructor(private readonly calendar: SessionCalendar = nyseCalendar()) {}

  /** The end of the bar starting (keyed) at `t`. */
  end(t: EpochMs, timeframe: Timeframe): EpochMs {
    const length = intradayMs(timeframe);
    if (length !== undefined) {
      // Every regular-session instant (13:30Z-21:00Z) has the same date in New York and in UTC.
      const close = this.closeOn(isoDate(t));
      return close !== null && t < close ? Math.min(t + length, close) : t + length;
    }
    if (timeframe === '1Day') return this.closeOn(isoDate(t)) ?? t + MS_PER_DAY;
    // Week or month: the close of the last session before the next period's key.
    const next = timeframe === '1Week' ? t + 7 * MS_PER_DAY : nextMonth(t);
    const sessions = this.calendar.sessions(isoDate(t), isoDate(next - MS_PER_DAY));
    return sessions[sessions.length - 1]?.close ?? next;
  }

  private closeOn(date: string): EpochMs | null {
    let close = this.closes.get(date);
    if (close === undefined) {
      close = this.calendar.sessions(date, date)[0]?.close ?? null;
      this.closes.set(date, close);
    }
    return close;
  }
}

function isoDate(t: EpochMs): string {
  return new Date(t).toISOString().slice(0, 10);
}

function nextMonth(t: EpochMs): EpochMs {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
