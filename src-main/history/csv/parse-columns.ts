import type { BarColumns } from '../../../src-shared/domain/bar-columns.js';
import { COMMA, CR, DayCache, NEWLINE, QUOTE, SPACE, TAB, TIME_SLOW, TIME_ZONELESS, decimalInto, timeInto } from './byte-fields.js';
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

/** An ISO timestamp without Z or an offset: read in the --tz zone. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;
const OPTIONAL: ReadonlyArray<'adjClose' | 'vwap' | 'trades'> = ['adjClose', 'vwap', 'trades'];
/** What the fast path does with each field of a line. */
const SKIP = 0;
const TIME = 1;
const NUMBER = 2;

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

type Columns = Required<BarColumns> & Pick<CsvColumns, 'adjClose' | 'vwap' | 'trades'>;

/**
 * Reads one row a call into the columns. Small methods rather than one loop in a big function: they are optimised
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
  /** The slow path's time, written here by timeInto before the zone and the checks. */
  private readonly scratch = new Float64Array(1);
  private readonly days = new DayCache();
  private readonly width: number;
  private readonly iTime: number;
  private readonly iOpen: number;
  private readonly iHigh: number;
  private readonly iLow: number;
  private readonly iClose: number;
  private readonly iVolume: number;
  private readonly optional: Array<{ key: 'adjClose' | 'vwap' | 'trades'; at: number }>;
  /** Per field of a line: SKIP, TIME or NUMBER, and the column a NUMBER goes to (rebuilt when the columns grow). */
  private readonly kinds: Uint8Array;
  private targets: Array<Float64Array | undefined> = [];
  /** False when two fields read one column (a mapping such as close=Adj Close): every line takes read(). */
  readonly fast: boolean;

  constructor(
    private readonly bytes: Buffer,
    private readonly file: string,
    private readonly header: readonly string[],
    private readonly col: Partial<Record<OhlcvField, number>>,
    private readonly zone: ZoneClock,
    public columns: Columns,
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
    this.optional = OPTIONAL.filter((key) => col[key] !== undefined && columns[key]).map((key) => ({ key, at: col[key]! }));
    this.kinds = new Uint8Array(this.width);
    const used = Object.values(col).filter((i): i is number => i !== undefined);
    this.fast = new Set(used).size === used.length;
    this.kinds[this.iTime] = TIME;
    for (const i of [this.iOpen, this.iHigh, this.iLow, this.iClose, this.iVolume, ...this.optional.map((o) => o.at)]) if (i >= 0) this.kinds[i] = NUMBER;
    this.bindTargets();
  }

  get capacity(): number {
    return this.columns.t.length;
  }

  private bindTargets(): void {
    const { o, h, l, c, v } = this.columns;
    const targets: Array<Float64Array | undefined> = new Array<Float64Array | undefined>(this.width).fill(undefined);
    targets[this.iOpen] = o;
    targets[this.iHigh] = h;
    targets[this.iLow] = l;
    targets[this.iClose] = c;
    if (this.iVolume >= 0) targets[this.iVolume] = v;
    for (const { key, at } of this.optional) targets[at] = this.columns[key];
    this.targets = targets;
  }

  /** Room for more rows than the estimate gave (lines got shorter further down the file). */
  private grow(): void {
    const size = Math.ceil(this.capacity * 1.5) + 1024;
    const more = (a: Float64Array): Float64Array => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const c = this.columns;
    this.columns = {
      t: more(c.t),
      o: more(c.o),
      h: more(c.h),
      l: more(c.l),
      c: more(c.c),
      v: more(c.v),
      ...(c.adjClose ? { adjClose: more(c.adjClose) } : {}),
      ...(c.vwap ? { vwap: more(c.vwap) } : {}),
      ...(c.trades ? { trades: more(c.trades) } : {}),
    };
    this.bindTargets();
  }

  /** Reads the line at `pos`, fast when it is the common kind; returns where the next line starts. */
  next(pos: number): number {
    if (this.rows >= this.capacity) this.grow();
    if (this.fast) {
      const next = this.readFast(pos);
      if (next >= 0) return next;
    }
    return this.read(pos);
  }

  /**
   * The common line in one pass over its bytes: unquoted, untrimmed fields, plain decimals, the usual time layouts,
   * each value written straight into its column. Returns where the next line starts, or -1 when anything is
   * unusual or wrong (what it wrote is then overwritten): read() takes the line, exactly, and words any refusal.
   */
  private readFast(pos: number): number {
    const bytes = this.bytes;
    const n = bytes.length;
    const row = this.rows;
    const kinds = this.kinds;
    const targets = this.targets;
    const last = this.width - 1;
    const t = this.columns.t;
    let zoneless = false;
    for (let f = 0; f <= last; f++) {
      const kind = kinds[f];
      if (kind === NUMBER) {
        pos = decimalInto(bytes, pos, n, targets[f]!, row);
        if (pos < 0) return -1;
      } else {
        const start = pos;
        for (; pos < n; pos++) {
          const b = bytes[pos];
          if (b === COMMA || b === NEWLINE || b === CR) break;
          if (b === QUOTE) return -1;
        }
        if (kind === TIME) {
          const read = timeInto(bytes, start, pos, t, row, this.days);
          if (read === TIME_SLOW) return -1;
          zoneless = read === TIME_ZONELESS;
        }
      }
      // The field must end at its separator: a comma, or the line's end (\n, \r\n, or the file's end).
      if (f < last) {
        if (pos >= n || bytes[pos] !== COMMA) return -1;
        pos++;
      } else if (pos < n) {
        if (bytes[pos] === CR) pos++;
        if (pos < n && bytes[pos] !== NEWLINE) return -1;
        pos++;
      }
    }
    const after = row > 0 ? t[row - 1]! : -Infinity;
    if (zoneless && !this.zone.isUtc) {
      const utc = this.zone.toUtc(t[row]!, after);
      if (typeof utc !== 'number') return -1;
      t[row] = utc;
    }
    if (t[row]! <= after) return -1;
    const { o, h, l, c, v } = this.columns;
    const oi = o[row]!;
    const hi = h[row]!;
    const li = l[row]!;
    const ci = c[row]!;
    if (hi < oi || hi < ci || hi < li || li > oi || li > ci) return -1;
    if (this.iVolume < 0) v[row] = 0;
    if (zoneless) this.sawZoneless = true;
    this.rows = row + 1;
    this.line++;
    return pos;
  }

  /** Reads the line at `pos` (refusing it with its line and reason); returns where the next line starts. */
  private read(pos: number): number {
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
    for (const { key, at } of this.optional) this.columns[key]![rows] = this.number(fields, at);
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
      const end = this.ends[i]!;
      if (decimalInto(this.bytes, this.starts[i]!, end, this.scratch, 0) === end) return this.scratch[0]!;
    }
    return this.slowNumber(fields, i);
  }

  private time(fields: string[] | undefined, after: number): number {
    if (!fields) {
      const read = timeInto(this.bytes, this.starts[this.iTime]!, this.ends[this.iTime]!, this.scratch, 0, this.days);
      if (read !== TIME_SLOW) {
        const fast = this.scratch[0]!;
        if (read !== TIME_ZONELESS) return fast;
        this.sawZoneless = true;
        if (this.zone.isUtc) return fast;
        const utc = this.zone.toUtc(fast, after);
        if (typeof utc === 'number') return utc;
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

/** Float64 columns for about `capacity` rows (more are made room for as they come). */
function makeColumns(col: Partial<Record<OhlcvField, number>>, capacity: number): Columns {
  return {
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
}

/**
 * Parses an OHLCV CSV file into columns: one pass over the bytes, numbers and the common time layouts read without
 * making a string; a quoted line or an unusual field falls back to the string path, which also words any refusal.
 * Every row is checked (field count, time, numbers, high/low containing open and close, ascending times) before
 * anything is returned, so a caller never writes half a file.
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

  // Rows estimated from the first line's length (counting the newlines first took a tenth of the parse); the
  // reader makes room if later lines are shorter.
  const firstEnd = pos < n ? bytes.indexOf(NEWLINE, pos) : -1;
  const firstLength = firstEnd < 0 ? n - pos + 1 : firstEnd - pos + 1;
  const capacity = Math.ceil((Math.max(0, n - pos) / Math.max(1, firstLength)) * 1.05) + 16;
  const reader = new RowReader(bytes, file, header, col, zone, makeColumns(col, capacity));
  while (pos < n) pos = reader.next(pos);
  const rows = reader.rows;
  if (rows === 0) throw new CsvFormatError(file, 2, 'the file has a header but no rows');
  const columns = reader.columns;
  const cut = (a: Float64Array): Float64Array => (a.length === rows ? a : a.subarray(0, rows));
  const out: CsvColumns = { t: cut(columns.t), o: cut(columns.o), h: cut(columns.h), l: cut(columns.l), c: cut(columns.c), v: cut(columns.v) };
  for (const key of OPTIONAL) {
    const column = columns[key];
    if (column) out[key] = cut(column);
  }
  return { columns: out, header, assumedZone: reader.sawZoneless ? zone.zone : undefined };
}
