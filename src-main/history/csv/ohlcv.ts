import type { EpochMs } from '../../../src-shared/time.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { StoredBar } from '../store.js';
import { csvLines, splitCsvLine } from './fields.js';
import { parseIsoDate } from './iso-date.js';
import { CsvFormatError } from './yahoo.js';

export const OHLCV_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume', 'adjClose'] as const;
export type OhlcvField = (typeof OHLCV_FIELDS)[number];
/** Which header names the file uses for each field (volume and adjClose may be absent). */
export type ColumnMap = Partial<Record<OhlcvField, string>>;

/** Header names recognised without a mapping, compared case-insensitively. */
const ALIASES: Record<OhlcvField, readonly string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 't'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c'],
  volume: ['volume', 'vol', 'v'],
  adjClose: ['adj close', 'adj_close', 'adjclose'],
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

/**
 * A time field: a date (YYYY-MM-DD, 00:00 UTC as daily bars are keyed), epoch seconds or milliseconds (told apart
 * by size: 1e11 s is the year 5138), or an ISO timestamp with a zone. A timestamp without a zone is refused:
 * guessing the zone would silently shift every bar.
 */
export function parseTimeField(text: string): EpochMs | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseIsoDate(text) ?? `date "${text}" is not a valid YYYY-MM-DD date`;
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    const ms = Math.abs(n) >= 1e11 ? n : n * 1000;
    return Number.isSafeInteger(ms) ? ms : `epoch time "${text}" is not a whole number of milliseconds`;
  }
  const iso = ISO_TIMESTAMP.exec(text);
  if (iso) {
    if (!iso[6]) return `timestamp "${text}" has no time zone (end it with Z or an offset such as -05:00)`;
    if (parseIsoDate(iso[1]!) === undefined) return `timestamp "${text}" is not a valid date`;
    const t = Date.parse(text.replace(' ', 'T'));
    if (Number.isNaN(t)) return `timestamp "${text}" is not a valid time`;
    return t;
  }
  return `time "${text}" is not a date, an epoch time or an ISO timestamp`;
}

function resolveColumns(header: readonly string[], map: ColumnMap, file: string): Partial<Record<OhlcvField, number>> {
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

function numberAt(fields: readonly string[], at: number | undefined, column: string, file: string, line: number): number | undefined {
  if (at === undefined) return undefined;
  const field = fields[at]!;
  if (field === '' || field.toLowerCase() === 'null') throw new CsvFormatError(file, line, `${column} is missing`);
  const value = Number(field);
  if (!Number.isFinite(value)) throw new CsvFormatError(file, line, `${column} "${field}" is not a number`);
  if (value < 0) throw new CsvFormatError(file, line, `${column} ${field} is negative`);
  return value;
}

/**
 * Parses a generic OHLCV CSV with a header row. Every row is checked before anything is returned (field count,
 * time, numbers, high/low containing open/close, ascending times), so a caller never writes half a file.
 */
export function parseOhlcvCsv(text: string, file: string, map: ColumnMap = {}): StoredBar[] {
  const lines = csvLines(text);
  if (lines.length === 0) throw new CsvFormatError(file, 1, 'the file is empty');
  const header = splitCsvLine(lines[0]!);
  if (!header) throw new CsvFormatError(file, 1, 'the header has an unterminated quote');
  const col = resolveColumns(header, map, file);
  const name = (field: OhlcvField): string => header[col[field]!]!;
  const bars: StoredBar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const fields = splitCsvLine(lines[i]!);
    if (!fields) throw new CsvFormatError(file, line, 'unterminated quote');
    if (fields.length !== header.length) throw new CsvFormatError(file, line, `expected ${header.length} fields, found ${fields.length}`);
    const t = parseTimeField(fields[col.time!]!);
    if (typeof t === 'string') throw new CsvFormatError(file, line, t);
    const o = numberAt(fields, col.open, name('open'), file, line)!;
    const h = numberAt(fields, col.high, name('high'), file, line)!;
    const l = numberAt(fields, col.low, name('low'), file, line)!;
    const c = numberAt(fields, col.close, name('close'), file, line)!;
    const v = col.volume === undefined ? 0 : numberAt(fields, col.volume, name('volume'), file, line)!;
    const adjClose = col.adjClose === undefined ? undefined : numberAt(fields, col.adjClose, name('adjClose'), file, line);
    if (h < Math.max(o, c, l) || l > Math.min(o, c, h)) {
      throw new CsvFormatError(file, line, `high ${h} / low ${l} do not contain open ${o} and close ${c}`);
    }
    const previous = bars[bars.length - 1];
    if (previous && t <= previous.t) {
      throw new CsvFormatError(file, line, `time ${fields[col.time!]} does not come after the previous row's (times must ascend, without repeats)`);
    }
    bars.push(adjClose === undefined ? { t, o, h, l, c, v } : { t, o, h, l, c, v, adjClose });
  }
  if (bars.length === 0) throw new CsvFormatError(file, 2, 'the file has a header but no rows');
  return bars;
}
