import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../src-shared/time.js';
import { addDays, nyDate } from '../exchange/market/ny-time.js';
import { nyseCalendar, type Session, type SessionCalendar } from './calendar.js';
import { parseIsoDate } from './csv/iso-date.js';
import { intradayMs, MS_PER_DAY } from './timeframes.js';

/** One trade print: time, price, size. */
export interface Trade {
  t: EpochMs;
  price: number;
  size: number;
}

export interface AggregateOptions {
  /** Sessions to respect; New York (NYSE holidays and early closes) by default. */
  calendar?: SessionCalendar;
  /**
   * 'regular' (default): only 09:30–16:00 (or the early close) count, as in a daily bar from one session.
   * 'extended': pre-market and after-hours of a session day count too (the calendar's sessionOpen/sessionClose).
   */
  hours?: 'regular' | 'extended';
}

/** Weekly bars are labelled by the Monday (00:00 UTC) of their week, monthly bars by the 1st. */
function calendarKey(date: string, timeframe: Timeframe): EpochMs {
  const day = parseIsoDate(date)!;
  switch (timeframe) {
    case '1Day':
      return day;
    case '1Week': {
      const weekday = new Date(day).getUTCDay();
      return day - ((weekday + 6) % 7) * MS_PER_DAY;
    }
    case '1Month':
      return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, 1);
    default:
      throw new Error(`not a calendar timeframe: ${timeframe}`);
  }
}

/**
 * Maps instants (ascending) to the key of the bar they belong to, or undefined outside the sessions. Walks the
 * session list with a pointer instead of asking the calendar per instant: a million minutes cost a million
 * comparisons, not a million time-zone conversions.
 */
class SessionBucketer {
  private readonly sessions: readonly Session[];
  private index = 0;
  private readonly length: number | undefined;

  constructor(
    first: EpochMs,
    last: EpochMs,
    private readonly timeframe: Timeframe,
    private readonly extended: boolean,
    calendar: SessionCalendar,
  ) {
    this.length = intradayMs(timeframe);
    this.sessions = calendar.sessions(addDays(nyDate(first), -1), addDays(nyDate(last), 1));
  }

  key(t: EpochMs): EpochMs | undefined {
    const sessions = this.sessions;
    while (this.index < sessions.length && t >= this.end(sessions[this.index]!)) this.index++;
    const session = sessions[this.index];
    if (!session || t < this.start(session)) return undefined;
    return this.length === undefined ? calendarKey(session.date, this.timeframe) : Math.floor(t / this.length) * this.length;
  }

  private start(s: Session): EpochMs {
    return this.extended ? (s.sessionOpen ?? s.open) : s.open;
  }

  private end(s: Session): EpochMs {
    return this.extended ? (s.sessionClose ?? s.close) : s.close;
  }
}

function checkAscending(times: ArrayLike<{ t: EpochMs }>, what: string): void {
  for (let i = 1; i < times.length; i++) {
    if (times[i]!.t < times[i - 1]!.t) {
      throw new CodedError('BAD_REQUEST', `${what} must be in time order: #${i + 1} (${new Date(times[i]!.t).toISOString()}) comes before #${i}`);
    }
  }
}

/** Bars of a timeframe from trades (ascending by time): first, highest, lowest and last price, summed size. */
export function barsFromTrades(trades: readonly Trade[], timeframe: Timeframe, options: AggregateOptions = {}): Bar[] {
  if (trades.length === 0) return [];
  checkAscending(trades, 'trades');
  const bucketer = new SessionBucketer(trades[0]!.t, trades[trades.length - 1]!.t, timeframe, options.hours === 'extended', options.calendar ?? nyseCalendar());
  const out: Bar[] = [];
  let bar: Bar | undefined;
  for (const trade of trades) {
    const key = bucketer.key(trade.t);
    if (key === undefined) continue;
    if (bar && bar.t === key) {
      if (trade.price > bar.h) bar.h = trade.price;
      if (trade.price < bar.l) bar.l = trade.price;
      bar.c = trade.price;
      bar.v += trade.size;
    } else {
      bar = { t: key, o: trade.price, h: trade.price, l: trade.price, c: trade.price, v: trade.size };
      out.push(bar);
    }
  }
  return out;
}

/**
 * Bars of a longer timeframe from bars of a shorter one (ascending by time). Intraday bars are bucketed at UTC
 * multiples of the target length (Alpaca's labels: a 1Hour bar at 13:00Z holds 09:30–10:00 New York); daily and
 * longer bars take the minutes of one session. Source bars outside the sessions are left out.
 */
export function aggregateBars(bars: readonly Bar[], source: Timeframe, target: Timeframe, options: AggregateOptions = {}): Bar[] {
  const sourceMs = intradayMs(source);
  const targetMs = intradayMs(target);
  if (targetMs !== undefined && (sourceMs === undefined || targetMs % sourceMs !== 0 || targetMs === sourceMs)) {
    throw new CodedError('BAD_REQUEST', `${source} bars cannot be aggregated into ${target} bars`);
  }
  if (sourceMs === undefined && (source !== '1Day' || target === '1Day')) {
    throw new CodedError('BAD_REQUEST', `${source} bars cannot be aggregated into ${target} bars`);
  }
  if (bars.length === 0) return [];
  checkAscending(bars, `${source} bars`);
  // Daily bars are sessions already (keyed at 00:00 UTC of their date): only the week or month is left to find.
  const keyOf =
    sourceMs === undefined
      ? (t: EpochMs): EpochMs => calendarKey(new Date(t).toISOString().slice(0, 10), target)
      : ((b) => (t: EpochMs) => b.key(t))(new SessionBucketer(bars[0]!.t, bars[bars.length - 1]!.t, target, options.hours === 'extended', options.calendar ?? nyseCalendar()));
  const out: Bar[] = [];
  let bar: Bar | undefined;
  for (const part of bars) {
    const key = keyOf(part.t);
    if (key === undefined) continue;
    if (bar && bar.t === key) {
      if (part.h > bar.h) bar.h = part.h;
      if (part.l < bar.l) bar.l = part.l;
      bar.c = part.c;
      bar.v += part.v;
    } else {
      bar = { t: key, o: part.o, h: part.h, l: part.l, c: part.c, v: part.v };
      out.push(bar);
    }
  }
  return out;
}
