import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { Timeframe } from '../../../src-shared/domain/bar.js';
import type { StoredBar } from '../store.js';
import { isDailyOrLonger } from '../timeframes.js';
import { YAHOO_HEADER } from './yahoo.js';

export type CsvFormat = 'yahoo' | 'ohlcv';
export const OHLCV_HEADER = 'time,open,high,low,close,volume';

/** The header line (with its newline) of an export. */
export function csvHeader(format: CsvFormat, timeframe: Timeframe): string {
  if (format === 'yahoo') {
    if (!isDailyOrLonger(timeframe)) throw new CodedError('BAD_REQUEST', `the Yahoo format holds daily bars; export ${timeframe} bars as ohlcv`);
    return `${YAHOO_HEADER.join(',')}\n`;
  }
  return `${OHLCV_HEADER}\n`;
}

const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);

/**
 * Rows of an export. Yahoo: prices with six decimals as Yahoo writes them (so an imported Yahoo file exports to
 * the same text), Adj Close = Close where none is stored. OHLCV: shortest exact number text, daily times as dates
 * and intraday as ISO UTC timestamps; it reads back to the same bars.
 */
export function csvRows(format: CsvFormat, timeframe: Timeframe, bars: readonly StoredBar[]): string {
  let out = '';
  if (format === 'yahoo') {
    for (const b of bars) {
      out += `${isoDate(b.t)},${b.o.toFixed(6)},${b.h.toFixed(6)},${b.l.toFixed(6)},${b.c.toFixed(6)},${(b.adjClose ?? b.c).toFixed(6)},${b.v}\n`;
    }
    return out;
  }
  const daily = isDailyOrLonger(timeframe);
  for (const b of bars) {
    out += `${daily ? isoDate(b.t) : new Date(b.t).toISOString()},${b.o},${b.h},${b.l},${b.c},${b.v}\n`;
  }
  return out;
}
