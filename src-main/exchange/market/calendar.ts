import type { EpochMs } from '../../../src-shared/time.js';
import { isEarlyClose, isTradingDay } from './holidays.js';
import { addDays, nyDate, nyTime } from './ny-time.js';
import type { MarketCalendar, TradingSession } from './types.js';

/** The NYSE calendar in New York time: sessions 04:00 pre-market, 09:30 open, 16:00 (13:00) close, 20:00 end. */
export class NyseCalendar implements MarketCalendar {
  private readonly cache = new Map<string, TradingSession | null>();
  /** sessions() answers by span, "from|to". */
  private readonly spans = new Map<string, TradingSession[]>();

  session(date: string): TradingSession | undefined {
    const hit = this.cache.get(date);
    if (hit !== undefined) return hit ?? undefined;
    const session = isTradingDay(date)
      ? {
          date,
          sessionOpen: nyTime(date, 4),
          open: nyTime(date, 9, 30),
          close: isEarlyClose(date) ? nyTime(date, 13) : nyTime(date, 16),
          sessionClose: nyTime(date, 20),
        }
      : undefined;
    this.cache.set(date, session ?? null);
    return session;
  }

  sessions(fromDate: string, toDate: string): TradingSession[] {
    // The market asks for the same span (the last ten days, for a latest trade or quote) many times a tick.
    const key = `${fromDate}|${toDate}`;
    const known = this.spans.get(key);
    if (known) return known.slice();
    const out: TradingSession[] = [];
    for (let date = fromDate; date <= toDate; date = addDays(date, 1)) {
      const session = this.session(date);
      if (session) out.push(session);
    }
    if (this.spans.size >= 1_000) this.spans.clear();
    this.spans.set(key, out);
    return out.slice();
  }

  sessionOf(time: EpochMs): TradingSession | undefined {
    return this.session(nyDate(time));
  }

  isRegularHours(time: EpochMs): boolean {
    const s = this.sessionOf(time);
    return s !== undefined && time >= s.open && time < s.close;
  }

  isExtendedHours(time: EpochMs): boolean {
    const s = this.sessionOf(time);
    return s !== undefined && time >= s.sessionOpen && time < s.sessionClose && !(time >= s.open && time < s.close);
  }

  /** The first session on or after a date (searching at most a few weeks ahead). */
  nextSession(date: string): TradingSession {
    for (let d = date, i = 0; i < 30; d = addDays(d, 1), i++) {
      const s = this.session(d);
      if (s) return s;
    }
    throw new Error(`no trading session within 30 days of ${date}`);
  }

  /** The last session on or before a date. */
  previousSession(date: string): TradingSession {
    for (let d = date, i = 0; i < 30; d = addDays(d, -1), i++) {
      const s = this.session(d);
      if (s) return s;
    }
    throw new Error(`no trading session within 30 days before ${date}`);
  }

  nextOpen(time: EpochMs): EpochMs {
    const today = this.sessionOf(time);
    if (today && time < today.open) return today.open;
    return this.nextSession(addDays(nyDate(time), 1)).open;
  }

  nextClose(time: EpochMs): EpochMs {
    const today = this.sessionOf(time);
    if (today && time < today.close) return today.close;
    return this.nextSession(addDays(nyDate(time), 1)).close;
  }
}
