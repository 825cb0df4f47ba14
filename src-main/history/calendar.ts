import type { EpochMs } from '../../src-shared/time.js';
import { NyseCalendar } from '../exchange/market/calendar.js';

/** One trading day: `date` is its New York date; open/close bound the regular session, [open, close). */
export interface Session {
  date: string;
  open: EpochMs;
  close: EpochMs;
  /** Extended hours, when the calendar knows them (pre-market start, after-hours end). */
  sessionOpen?: EpochMs;
  sessionClose?: EpochMs;
}

/**
 * What the history code needs from a market calendar. The exchange's NYSE calendar (holidays and early closes
 * by rule) satisfies it; the market data service can pass one built from Alpaca's /v2/calendar instead.
 */
export interface SessionCalendar {
  /** Sessions whose New York date lies within [fromDate, toDate] (YYYY-MM-DD), in order. */
  sessions(fromDate: string, toDate: string): readonly Session[];
}

let defaultCalendar: SessionCalendar | undefined;

/** New York regular sessions 09:30–16:00 (13:00 on early closes), NYSE holidays excluded. */
export function nyseCalendar(): SessionCalendar {
  defaultCalendar ??= new NyseCalendar();
  return defaultCalendar;
}
