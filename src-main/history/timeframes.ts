import type { Timeframe } from '../../src-shared/domain/bar.js';
import { TIMEFRAMES } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../src-shared/time.js';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** Length of an intraday bar in ms; undefined for the calendar timeframes (1Day, 1Week, 1Month). */
export function intradayMs(timeframe: Timeframe): number | undefined {
  switch (timeframe) {
    case '1Min':
      return MS_PER_MINUTE;
    case '5Min':
      return 5 * MS_PER_MINUTE;
    case '15Min':
      return 15 * MS_PER_MINUTE;
    case '30Min':
      return 30 * MS_PER_MINUTE;
    case '1Hour':
      return 60 * MS_PER_MINUTE;
    case '4Hour':
      return 240 * MS_PER_MINUTE;
    default:
      return undefined;
  }
}

/**
 * The longest span one bar of each timeframe covers (a calendar month counted as 31 days): the step between
 * consecutive bars of a continuous session, and the unit for "how far back do N bars reach".
 */
export const MAX_BAR_SPAN_MS: Readonly<Record<Timeframe, number>> = {
  '1Min': MS_PER_MINUTE,
  '5Min': 5 * MS_PER_MINUTE,
  '15Min': 15 * MS_PER_MINUTE,
  '30Min': 30 * MS_PER_MINUTE,
  '1Hour': 60 * MS_PER_MINUTE,
  '4Hour': 240 * MS_PER_MINUTE,
  '1Day': MS_PER_DAY,
  '1Week': 7 * MS_PER_DAY,
  '1Month': 31 * MS_PER_DAY,
};

export function isDailyOrLonger(timeframe: Timeframe): boolean {
  return intradayMs(timeframe) === undefined;
}

export function parseTimeframe(text: string): Timeframe {
  const found = (TIMEFRAMES as readonly string[]).find((tf) => tf.toLowerCase() === text.toLowerCase());
  if (!found) throw new CodedError('BAD_REQUEST', `timeframe "${text}" is not one of ${TIMEFRAMES.join(', ')}`);
  return found as Timeframe;
}

/**
 * The key a bar is stored under. Daily and longer bars are keyed by their session date at 00:00 UTC: Alpaca
 * labels a daily bar at New York midnight (04:00Z or 05:00Z) while a Yahoo row knows only the date, and both must
 * land on one row. Any instant of the New York trading day (04:00Z to 23:59Z) has that date as its UTC date.
 */
export function storageTime(timeframe: Timeframe, t: EpochMs): EpochMs {
  return isDailyOrLonger(timeframe) ? Math.floor(t / MS_PER_DAY) * MS_PER_DAY : t;
}
