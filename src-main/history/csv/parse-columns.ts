import type { BarColumns } from '../../../src-shared/domain/bar-columns.js';
import { splitCsvLine } from './fields.js';
import { parseTimeField, resolveColumns, type ColumnMap, type OhlcvField } from './ohlcv.js';
import { ZoneClock } from './time-zone.js';
import { CsvFormatError } from './yahoo.js';

/** Bars read from a CSV file as columns, with the optional columns the file had. */
export interface CsvColumns extends BarColumns {
  adjClose?: Float64Array;
  vwap?: Float64Array;
  trades?: Float64Array;
}

export interface ParsedCsv {
  columns: CsvColumns;
  /** The header as written (trimmed). */
  header: string[];
  /** The zone zoneless timestamps were read in; undefined when the file had none (dates, epochs, offsets). */
  assumedZone: string | undefined;
}

export interface CsvParseOptions {
  /** Header names per field; fields not named are found by their usual names (any case). */
  map?: ColumnMap;
  /** Zone of timestamps written without one (an IANA name or a ZoneClock); default UTC. */
  zone?: string | ZoneClock;
}

const COMMA = 44;
const NEWLINE = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const MS_PER_DAY = 86_400_000;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** An ISO timestamp without Z or an offset: read in the --tz zone. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;
const OPTIONAL: ReadonlyArray<'adjClose' | 'vwap' | 'trades'> = ['adjClose', 'vwap', 'trades'];

/**
 * A decimal without sign or exponent and with at most 15 digits, straight from the bytes: the digits as an integer
 * (exact below 2^53) divided by an exact power of ten is one correctly rounded division, the same double Number()
 * gives. NaN for anything else; the caller then takes the slow, exact path.
 */
function fastDecimal(bytes: Uint8Array, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b >= ZERO && b <= NINE) {
      mantissa = mantissa * 10 + (b - ZERO);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (b === DOT && fraction < 0) fraction = 0;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  return fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
}

function twoDigits(bytes: Uint8Array, at: number): number {
  const a = bytes[at]! - ZERO;
  const b = bytes[at + 1]! - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * The common time layouts straight from the bytes: YYYY-MM-DD, and YYYY-MM-DD[T ]HH:MM[:SS[.fff]] with Z or no
 * zone. Returns the epoch ms (wall time for zoneless timestamps, flagged in `zoneless`), or NaN to take the slow
 * path, which also words the refusal.
 */
function fastTime(bytes: Uint8Array, start: number, end: number, zoneless: { value: boolean }): number {
  const length = end - start;
  if (length < 10 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return Number.NaN;
  const hi = twoDigits(bytes, start);
  const lo = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  if (hi < 1 || lo < 0 || month < 1 || month > 12 || day < 1) return Number.NaN;
  const year = hi * 100 + lo;
  if (day > daysInMonth(year, month)) return Number.NaN;
  const date = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (length === 10) {
    zoneless.value = false;
    return date;
  }
  const sep = bytes[start + 10];
  if ((sep !== 84 && sep !== 116 && sep !== SPACE) || length < 16 || bytes[start + 13] !== 58) return Number.NaN;
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  let at = start + 16;
  let second = 0;
  let ms = 0;
  if (at < end && bytes[at] === 58) {
    second = twoDigits(bytes, at + 1);
    if (second < 0 || second > 59 || at + 3 > end) return Number.NaN;
    at += 3;
    if (at < end && bytes[at] === DOT) {
      at++;
      let scale = 100;
      const digitsFrom = at;
      while (at < end && bytes[at]! >= ZERO && bytes[at]! <= NINE) {
        if (scale >= 1) ms += (bytes[at]! - ZERO) * scale;
        scale /= 10;
        at++;
      }
      if (at === digitsFrom || at - digitsFrom > 9) return Number.NaN;
      ms = Math.floor(ms);
    }
  }
  const t = date + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  if (at === end) {
    zoneless.value = true;
    return t;
  }
  if (at + 1 === end && (bytes[at] === 90 || bytes[at] === 122)) {
    zoneless.value = false;
    return t;
  }
  return Number.NaN;
}

/** Plain whole epoch seconds or milliseconds (up to 15 digits); NaN otherwise. */
function fastEpoch(bytes: Uint8Array, start: number, end: number): number {
  if (end - start > 15 || end === start) return Number.NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b < ZERO || b > NINE) return Number.NaN;
    n = n * 10 + (b - ZERO);
  }
  return n >= 1e11 ? n : n * 1000;
}

/**
 * Finds the fields of the line at `pos` (offsets into `starts`/`ends`, trimmed of spaces and tabs): `out` gets the
 * field count, 1 when the line holds a quote (the caller splits it as text), and the line's end; returns where the
 * next line starts.
 */
function locateFields(bytes: Uint8Array, pos: number, n: number, starts: Int32Array, ends: Int32Array, width: number, out: Int32Array): number {
  const lineStart = pos;
  let count = 0;
  let fieldStart = pos;
  let quoted = 0;
  for (; pos < n; pos++) {
    const b = bytes[pos]!;
    if (b === COMMA) {
      if (count < width) {
        starts[count] = fieldStart;
        ends[count] = pos;
      }
      count++;
      fieldStart = pos + 1;
    } else if (b === NEWLINE) break;
    else if (b === QUOTE) quoted = 1;
  }
  let lineEnd = pos;
  if (lineEnd > lineStart && bytes[lineEnd - 1] === CR) lineEnd--;
  if (count < width) {
    starts[count] = fieldStart;
    ends[count] = Math.max(fieldStart, lineEnd);
  }
  count++;
  for (let f = 0; f < width && f < count; f++) {
    let s = starts[f]!;
    let e = ends[f]!;
    if (s < e && (bytes[s] === SPACE || bytes[s] === TAB || bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) {
      while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
      while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
      starts[f] = s;
      ends[f] = e;
    }
  }
  out[0] = count;
  out[1] = quoted;
  out[2] = lineEnd;
  return pos + 1;
}

/**
 * Reads one row a call into the columns. A small method rather than one loop in a big function: it is optimised
 * after a few thousand rows even when the machine is busy (a big function's loop waits for on-stack replacement,
 * which took a quarter of a second of compile time on a loaded machine, all of it spent interpreting rows).
 */
class RowReader {
  rows = 0;
  line = 1;
  sawZoneless = false;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly scan = new Int32Array(3);
  private readonly zoneless = { value: false };
  private readonly width: number;
  private readonly iTime: number;
  private readonly iOpen: number;
  private readonly iHigh: number;
  private readonly iLow: number;
  private readonly iClose: number;
  private readonly iVolume: number;
  private readonly optional: Array<{ at: number; out: Float64Array }>;

  constructor(
    private readonly bytes: Buffer,
    private readonly file: string,
    private readonly header: readonly string[],
    col: Partial<Record<OhlcvField, number>>,
    private readonly zone: ZoneClock,
    readonly columns: Required<BarColumns> & Pick<CsvColumns, 'adjClose' | 'vwap' | 'trades'>,
  ) {
    this.width = header.length;
    this.starts = new Int32Array(this.width);
    this.ends = new Int32Array(this.width);
    this.iTime = col.time!;
    this.iOpen = col.open!;
    this.iHigh = col.high!;
    this.iLow = col.low!;
    this.iClose = col.close!;
    this.iVolume = col.volume ?? -1;
    this.optional = OPTIONAL.filter((key) => col[key] !== undefined && columns[key]).map((key) => ({ at: col[key]!, out: columns[key]! }));
  }

  /** Reads the line at `pos` (refusing it with its line and reason); returns where the next line starts. */
  read(pos: number): number {
    const bytes = this.bytes;
    const starts = this.starts;
    const ends = this.ends;
    this.line++;
    const lineStart = pos;
    const next = locateFields(bytes, pos, bytes.length, starts, ends, this.width, this.scan);
    let count = this.scan[0]!;
    let fields: string[] | undefined;
    if (this.scan[1] === 1) {
      fields = splitCsvLine(bytes.toString('utf8', lineStart, this.scan[2]!));
      if (!fields) throw new CsvFormatError(this.file, this.line, 'unterminated quote');
      count = fields.length;
    }
    if (count !== this.width) throw new CsvFormatError(this.file, this.line, `expected ${this.width} fields, found ${count}`);
    const rows = this.rows;
    const { t, o, h, l, c, v } = this.columns;
    const after = rows > 0 ? t[rows - 1]! : -Infinity;
    const ti = this.time(fields, after);
    const oi = this.number(fields, this.iOpen);
    const hi = this.number(fields, this.iHigh);
    const li = this.number(fields, this.iLow);
    const ci = this.number(fields, this.iClose);
    const vi = this.iVolume >= 0 ? this.number(fields, this.iVolume) : 0;
    for (let k = 0; k < this.optional.length; k++) this.optional[k]!.out[rows] = this.number(fields, this.optional[k]!.at);
    if (hi < oi || hi < ci || hi < li || li > oi || li > ci) {
      throw new CsvFormatError(this.file, this.line, `high ${hi} / low ${li} do not contain open ${oi} and close ${ci}`);
    }
    if (ti <= after) {
      throw new CsvFormatError(this.file, this.line, `time ${this.text(fields, this.iTime)} does not come after the previous row's (times must ascend, without repeats)`);
    }
    t[rows] = ti;
    o[rows] = oi;
    h[rows] = hi;
    l[rows] = li;
    c[rows] = ci;
    v[rows] = vi;
    this.rows = rows + 1;
    return next;
  }

  private number(fields: string[] | undefined, i: number): number {
    if (!fields) {
      const fast = fastDecimal(this.bytes, this.starts[i]!, this.ends[i]!);
      if (fast === fast) return fast;
    }
    return this.slowNumber(fields, i);
  }

  private time(fields: string[] | undefined, after: number): number {
    if (!fields) {
      const start = this.starts[this.iTime]!;
      const end = this.ends[this.iTime]!;
      const fast = fastTime(this.bytes, start, end, this.zoneless);
      if (fast === fast) {
        if (!this.zoneless.value) return fast;
        this.sawZoneless = true;
        if (this.zone.isUtc) return fast;
        const utc = this.zone.toUtc(fast, after);
        if (typeof utc === 'number') return utc;
      } else {
        const epoch = fastEpoch(this.bytes, start, end);
        if (epoch === epoch) return epoch;
      }
    }
    return this.slowTime(fields, after);
  }

  // The slow paths: a field as text (from the quoted line's split, or decoded), and its exact reading or refusal.
  private text(fields: string[] | undefined, i: number): string {
    return fields ? fields[i]! : this.bytes.toString('utf8', this.starts[i]!, this.ends[i]!);
  }

  private slowNumber(fields: string[] | undefined, i: number): number {
    const field = this.text(fields, i);
    const column = this.header[i]!;
    if (field === '' || field.toLowerCase() === 'null') throw new CsvFormatError(this.file, this.line, `${column} is missing`);
    const value = Number(field);
    if (!Number.isFinite(value)) throw new CsvFormatError(this.file, this.line, `${column} "${field}" is not a number`);
    if (value < 0) throw new CsvFormatError(this.file, this.line, `${column} ${field} is negative`);
    return value;
  }

  private slowTime(fields: string[] | undefined, after: number): number {
    const field = this.text(fields, this.iTime);
    const parsed = parseTimeField(field, this.zone, after);
    if (typeof parsed === 'string') throw new CsvFormatError(this.file, this.line, parsed);
    if (ZONELESS.test(field)) this.sawZoneless = true;
    return parsed;
  }
}

/**
 * Parses an OHLCV CSV file into columns: one pass over the bytes, fields located by offsets, numbers and the common
 * time layouts read without making a string; a quoted line or an unusual field falls back to the string path,
 * which also words any refusal. Every row is checked (field count, time, numbers, high/low containing open and
 * close, ascending times) before anything is returned, so a caller never writes half a file.
 */
export function parseCsvColumns(input: Uint8Array, file: string, options: CsvParseOptions = {}): ParsedCsv {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const zone = options.zone instanceof ZoneClock ? options.zone : new ZoneClock(options.zone ?? 'UTC');
  const n = bytes.length;
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (pos >= n) throw new CsvFormatError(file, 1, 'the file is empty');
  let headerEnd = bytes.indexOf(NEWLINE, pos);
  if (headerEnd < 0) headerEnd = n;
  const headerText = bytes.toString('utf8', pos, headerEnd > pos && bytes[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd);
  const header = splitCsvLine(headerText);
  if (!header) throw new CsvFormatError(file, 1, 'the header has an unterminated quote');
  const col = resolveColumns(header, options.map ?? {}, file);
  pos = headerEnd + 1;

  // Rows are at most the newlines left (plus a last line without one).
  let capacity = 1;
  for (let at = bytes.indexOf(NEWLINE, pos); at >= 0; at = bytes.indexOf(NEWLINE, at + 1)) capacity++;
  const columns = {
    t: new Float64Array(capacity),
    o: new Float64Array(capacity),
    h: new Float64Array(capacity),
    l: new Float64Array(capacity),
    c: new Float64Array(capacity),
    v: new Float64Array(capacity),
    ...(col.adjClose !== undefined ? { adjClose: new Float64Array(capacity) } : {}),
    ...(col.vwap !== undefined ? { vwap: new Float64Array(capacity) } : {}),
    ...(col.trades !== undefined ? { trades: new Float64Array(capacity) } : {}),
  };
  const reader = new RowReader(bytes, file, header, col, zone, columns);
  while (pos < n) pos = reader.read(pos);
  const rows = reader.rows;
  if (rows === 0) throw new CsvFormatError(file, 2, 'the file has a header but no rows');
  const cut = (a: Float64Array): Float64Array => (a.length === rows ? a : a.subarray(0, rows));
  const out: CsvColumns = { t: cut(columns.t), o: cut(columns.o), h: cut(columns.h), l: cut(columns.l), c: cut(columns.c), v: cut(columns.v) };
  for (const key of OPTIONAL) {
    const column = columns[key];
    if (column) out[key] = cut(column);
  }
  return { columns: out, header, assumedZone: reader.sawZoneless ? zone.zone : undefined };
}
