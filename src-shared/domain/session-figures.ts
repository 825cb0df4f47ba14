import type { EpochMs } from '../time.js';

/**
 * The one definition of a symbol's day figures, whatever the values came from (a snapshot of Alpaca or the demo
 * exchange, the offline cache, the live stream, the GUI's fallback):
 *
 * - the session is a New York trading date: the latest one any value belongs to;
 * - change is measured from the close of the session before it (`prevClose`);
 * - volume is that session's volume so far: its daily bar's volume as of the snapshot, plus the live trades
 *   after the snapshot's last trade; a trade of a later date starts a new session (the last price becomes the
 *   previous close, the volume starts again); made-up values (the fallback generator, the cache's last close)
 *   move the price but add no volume.
 *
 * Without it each source answered its own question: before the open a snapshot's daily bar is the last session's
 * and its "previous" bar the one before, so change was yesterday's move and volume yesterday's total plus today's
 * trades, while a list opened later showed today's.
 */
export interface SessionFigures {
  /** The session's New York date (YYYY-MM-DD); null before any value. */
  session: string | null;
  last: number | null;
  /** Time of the value `last` came from. */
  lastAt: EpochMs | null;
  /** Close of the session before `session`; null when unknown. */
  prevClose: number | null;
  /** The session's volume so far; null when unknown (its daily bar not seen yet). */
  volume: number | null;
  /** Trades up to this time are in `volume` already (the snapshot's last trade). */
  volumeAsOf: EpochMs | null;
}

export interface DailyBarLike {
  t: EpochMs;
  c: number;
  v: number;
}

export interface SnapshotLike {
  latestTrade: { t: EpochMs; price: number } | null;
  dailyBar: DailyBarLike | null;
  prevDailyBar: DailyBarLike | null;
}

export interface TradeLike {
  t: EpochMs;
  price: number;
  size: number;
}

export const NO_SESSION: SessionFigures = { session: null, last: null, lastAt: null, prevClose: null, volume: null, volumeAsOf: null };

const nyDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const HOUR = 3_600_000;
/** Trades arrive by the thousand: the date is formatted once per UTC hour (New York's offset is whole hours). */
let cachedHour = Number.NaN;
let cachedDate = '';

/** The New York date of an instant (a trade's session). */
export function nyTradeDate(t: EpochMs): string {
  const hour = Math.floor(t / HOUR);
  if (hour !== cachedHour) {
    cachedHour = hour;
    cachedDate = nyDateFormat.format(hour * HOUR);
  }
  return cachedDate;
}

/**
 * The session date of a daily bar: its UTC date. Daily bars are stamped at midnight New York (Alpaca, the demo
 * exchange: 04:00 or 05:00 UTC) or at midnight UTC (Yahoo and most files), which is the same date either way, while
 * New York's date of a midnight-UTC stamp is the evening before.
 */
export function dailyBarDate(t: EpochMs): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** The figures a snapshot gives. */
export function sessionFromSnapshot(s: SnapshotLike): SessionFigures {
  const barDay = s.dailyBar ? dailyBarDate(s.dailyBar.t) : null;
  const tradeDay = s.latestTrade ? nyTradeDate(s.latestTrade.t) : null;
  const session = barDay === null ? tradeDay : tradeDay === null || barDay >= tradeDay ? barDay : tradeDay;
  if (session === null) return NO_SESSION;
  const trade = s.latestTrade;
  const last = trade ? trade.price : (s.dailyBar?.c ?? null);
  const lastAt = trade ? trade.t : (s.dailyBar?.t ?? null);
  if (barDay === session) {
    // The daily bar is the session's: change from the bar before it, if that one is of an earlier date.
    const prev = s.prevDailyBar && dailyBarDate(s.prevDailyBar.t) < session ? s.prevDailyBar.c : null;
    return { session, last, lastAt, prevClose: prev, volume: s.dailyBar!.v, volumeAsOf: trade?.t ?? s.dailyBar!.t };
  }
  // A trade of a later date than the daily bar (before the open, the bar is the last session's): that bar's close
  // is the previous close, and the session's volume is not known yet.
  const prevClose = s.dailyBar ? s.dailyBar.c : null;
  return { session, last, lastAt, prevClose, volume: null, volumeAsOf: trade?.t ?? null };
}

/**
 * The figures after live trades. `countsVolume` is false for made-up values (the fallback), which move the price
 * but are no one's volume.
 */
export function addTrades(figures: SessionFigures, trades: readonly TradeLike[], countsVolume = true): SessionFigures {
  let f = figures;
  for (const trade of [...trades].sort((a, b) => a.t - b.t)) {
    const day = nyTradeDate(trade.t);
    if (f.session !== null && day < f.session) continue; // a late print of an earlier session
    if (f.session === null || day > f.session) {
      // A new session: the last price seen is the previous session's close.
      f = { session: day, last: trade.price, lastAt: trade.t, prevClose: f.session === null ? f.prevClose : f.last, volume: countsVolume ? trade.size : null, volumeAsOf: trade.t };
      continue;
    }
    const counted = countsVolume && (f.volumeAsOf === null || trade.t > f.volumeAsOf);
    const later = f.lastAt === null || trade.t >= f.lastAt;
    f = {
      ...f,
      last: later ? trade.price : f.last,
      lastAt: later ? trade.t : f.lastAt,
      volume: counted ? (f.volume ?? 0) + trade.size : f.volume,
    };
  }
  return f;
}

/** Change from the previous session's close, in price and percent; null where either end is unknown. */
export function sessionChange(f: SessionFigures): { change: number | null; changePct: number | null } {
  if (f.last === null || f.prevClose === null) return { change: null, changePct: null };
  const change = f.last - f.prevClose;
  return { change, changePct: f.prevClose !== 0 ? (change / f.prevClose) * 100 : null };
}
