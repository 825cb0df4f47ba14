import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../src-shared/time.js';
import { nyDate } from '../exchange/market/ny-time.js';
import type { Session, SessionCalendar } from './calendar.js';
import { parseIsoDate } from './csv/iso-date.js';
import { intradayMs, MS_PER_DAY } from './timeframes.js';

/** A run of consecutive missing bars: the first and last missing bar times (inclusive) and how many are missing. */
export interface Gap {
  from: EpochMs;
  to: EpochMs;
  missing: number;
}

function utcDate(t: EpochMs): string {
  return new Date(Math.floor(t / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The bar times a complete series has in one session. Intraday bars are labelled at UTC multiples of their length
 * (as Alpaca labels them), so a 1Hour series has a 13:00Z bar (09:00 New York) holding 09:30–10:00; only buckets
 * that overlap the regular session [open, close) are expected.
 */
export function expectedSessionTimes(session: Session, timeframe: Timeframe): EpochMs[] {
  const length = intradayMs(timeframe);
  if (length === undefined) return [parseIsoDate(session.date)!];
  const out: EpochMs[] = [];
  for (let t = Math.floor(session.open / length) * length; t < session.close; t += length) out.push(t);
  return out;
}

/**
 * Missing bar times in [from, to], given the times present (ascending). Daily bars are expected on every session
 * date; intraday bars on every bucket of every regular session. Bars outside the sessions are not gaps' business.
 */
export function findGaps(present: readonly EpochMs[], timeframe: Timeframe, from: EpochMs, to: EpochMs, calendar: SessionCalendar): Gap[] {
  if (intradayMs(timeframe) === undefined && timeframe !== '1Day') {
    throw new CodedError('BAD_REQUEST', `gap detection works on intraday and 1Day bars, not ${timeframe}`);
  }
  if (to < from) return [];
  const daily = intradayMs(timeframe) === undefined;
  // Daily keys are UTC dates; intraday instants belong to their New York date.
  const fromDate = daily ? utcDate(from) : nyDate(from);
  const toDate = daily ? utcDate(to) : nyDate(to);
  const have = new Set(present);
  const gaps: Gap[] = [];
  let open: Gap | undefined;
  for (const session of calendar.sessions(fromDate, toDate)) {
    for (const t of expectedSessionTimes(session, timeframe)) {
      if (t < from || t > to) continue;
      if (have.has(t)) {
        open = undefined;
      } else if (open) {
        open.to = t;
        open.missing++;
      } else {
        open = { from: t, to: t, missing: 1 };
        gaps.push(open);
      }
    }
  }
  return gaps;
}
