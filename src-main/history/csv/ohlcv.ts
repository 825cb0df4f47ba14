import type { EpochMs } from '../../../src-shared/time.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { StoredBar } from '../store.js';
import { parseCsvColumns, type CsvColumns } from './parse-columns.js';
import { parseIsoDate } from './iso-date.js';
import { CsvFormatError } from './yahoo.js';
import { ZoneClock } from './time-zone.js';

export const OHLCV_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume', 'adjClose', 'vwap', 'trades'] as const;
export type OhlcvField = (typeof OHLCV_FIELDS)[number];
/** Which header names the file uses for each field (volume, adjClose, vwap and trades may be absent). */
export type ColumnMap = Partial<Record<OhlcvField, string>>;

/** Header names recognised without a mapping, compared case-insensitively. */
export const ALIASES: Record<OhlcvField, readonly string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 'date_time', 'date time', 't'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
  adjClose: ['adj close', 'adj_close', 'adjclose', 'adjusted close', 'adjusted_close'],
  vwap: ['vwap', 'vw'],
  trades: ['trades', 'trade_count', 'trade count', 'n'],
};
const REQUIRED: readonly OhlcvField[] = ['time', 'open', 'high', 'low', 'close'];

/** `time=Date,open=O,high=H` -> a column map. Field names as in OHLCV_FIELDS (case-insensitive). */
export function parseColumnMap(spec: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const key = OHLCV_FIELDS.find((f) => f.toLowerCase() === part.slice(0, eq).trim().toLowerCase());
    const column = part.slice(eq + 1).trim();
    if (eq <= 0 || !key || column === '') {
      throw new CodedError('BAD_REQUEST', `--map entry "${part}" must be field=Column with field one of ${OHLCV_FIELDS.join(', ')}`);
    }
    map[key] = column;
  }
  return map;
}

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const UTC = new ZoneClock('UTC');

/**
 * A time field: a date (YYYY-MM-DD, 00:00 UTC as daily bars are keyed, whatever the zone), epoch seconds or
 * milliseconds (told apart by size: 1e11 s is the year 5138), or an ISO timestamp. A timestamp with a zone (Z or
 * an offset) is read as written; one without is wall-clock time in `zone` (UTC unless --tz names another).
 * `after` (the previous row's time) picks between the two instants of a wall time the fall-back hour repeats.
 */
export function parseTimeField(text: string, zone: ZoneClock = UTC, after = -Infinity): EpochMs | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseIsoDate(text) ?? `date "${text}" is not a valid YYYY-MM-DD date`;
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    const ms = Math.abs(n) >= 1e11 ? n : n * 1000;
    return Number.isSafeInteger(ms) ? ms : `epoch time "${text}" is not a whole number of milliseconds`;
  }
  const iso = ISO_TIMESTAMP.exec(text);
  if (iso) {
    if (parseIsoDate(iso[1]!) === undefined) return `timestamp "${text}" is not a valid date`;
    const t = Date.parse(`${text.replace(' ', 'T')}${iso[6] ? '' : 'Z'}`);
    if (Number.isNaN(t)) return `timestamp "${text}" is not a valid time`;
    if (iso[6]) return t;
    const utc = zone.toUtc(t, after);
    if (typeof utc !== 'number') return `timestamp "${text}" does not exist in ${zone.zone} (the clocks skip it when daylight saving time starts)`;
    return utc;
  }
  return `time "${text}" is not a date, an epoch time or an ISO timestamp`;
}

export function resolveColumns(header: readonly string[], map: ColumnMap, file: string): Partial<Record<OhlcvField, number>> {
  const lower = header.map((h) => h.toLowerCase());
  const index: Partial<Record<OhlcvField, number>> = {};
  for (const field of OHLCV_FIELDS) {
    const named = map[field];
    if (named !== undefined) {
      const at = lower.indexOf(named.toLowerCase());
      if (at < 0) throw new CsvFormatError(file, 1, `the header has no column "${named}" (mapped to ${field}); it has ${header.join(', ')}`);
      index[field] = at;
    } else {
      const at = lower.findIndex((h) => ALIASES[field].includes(h));
      if (at >= 0) index[field] = at;
      else if (REQUIRED.includes(field)) {
        throw new CsvFormatError(file, 1, `no ${field} column in the header (${header.join(', ')}); name it with --map ${field}=Column`);
      }
    }
  }
  return index;
}

/**
 * Parses a generic OHLCV CSV with a header row into bar objects (the history store's shape). Every row is checked
 * before anything is returned (see parseCsvColumns), so a caller never writes half a file.
 */
export function parseOhlcvCsv(text: string, file: string, map: ColumnMap = {}, zone?: string | ZoneClock): StoredBar[] {
  const { columns } = parseCsvColumns(Buffer.from(text, 'utf8'), file, { map, ...(zone ? { zone } : {}) });
  return storedBars(columns);
}

/** Columns to the store's bar objects (adjClose where the file had it). */
export function storedBars(columns: CsvColumns): StoredBar[] {
  const { t, o, h, l, c, v, adjClose } = columns;
  const bars: StoredBar[] = new Array<StoredBar>(t.length);
  for (let i = 0; i < t.length; i++) {
    bars[i] = adjClose ? { t: t[i]!, o: o[i]!, h: h[i]!, l: l[i]!, c: c[i]!, v: v[i]!, adjClose: adjClose[i]! } : { t: t[i]!, o: o[i]!, h: h[i]!, l: l[i]!, c: c[i]!, v: v[i]! };
  }
  return bars;
}
