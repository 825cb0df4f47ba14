import type { Bar } from '../../../src-shared/domain/bar.js';
import { parseIsoDate } from './iso-date.js';

/** One row of a Yahoo daily CSV: raw (unadjusted) OHLC, the adjusted close, and volume. */
export interface YahooRow extends Bar {
  /** The session date as written in the file (YYYY-MM-DD); `t` is its 00:00 UTC. */
  date: string;
  adjClose: number;
}

export const YAHOO_HEADER = ['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'] as const;

/** A file that is not what it claims to be: names the file, the 1-based line and what is wrong there. */
export class CsvFormatError extends Error {
  readonly code = 'BAD_FILE';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'CsvFormatError';
  }
}

function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  // One trailing newline is normal; anything blank before the end is a malformed row (caught below).
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parseNumber(field: string, column: string, file: string, line: number): number {
  if (field === '' || field.toLowerCase() === 'null') throw new CsvFormatError(file, line, `${column} is missing`);
  const value = Number(field);
  if (!Number.isFinite(value)) throw new CsvFormatError(file, line, `${column} "${field}" is not a number`);
  if (value < 0) throw new CsvFormatError(file, line, `${column} ${field} is negative`);
  return value;
}

/**
 * Parses a Yahoo-format daily file (Date,Open,High,Low,Close,Adj Close,Volume; ascending dates). The whole file is
 * checked before anything is returned, so a caller that writes the rows never writes half a file.
 */
export function parseYahooCsv(text: string, file: string): YahooRow[] {
  const lines = splitLines(text);
  if (lines.length === 0) throw new CsvFormatError(file, 1, 'the file is empty');
  const header = lines[0]!.split(',').map((h) => h.trim());
  if (header.length !== YAHOO_HEADER.length || header.some((h, i) => h.toLowerCase() !== YAHOO_HEADER[i]!.toLowerCase())) {
    throw new CsvFormatError(file, 1, `header is "${lines[0]}", expected "${YAHOO_HEADER.join(',')}"`);
  }
  const rows: YahooRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const fields = lines[i]!.split(',').map((f) => f.trim());
    if (fields.length !== YAHOO_HEADER.length) {
      throw new CsvFormatError(file, lineNo, `expected ${YAHOO_HEADER.length} fields, found ${fields.length}`);
    }
    const date = fields[0]!;
    const t = parseIsoDate(date);
    if (t === undefined) throw new CsvFormatError(file, lineNo, `date "${date}" is not a valid YYYY-MM-DD date`);
    const o = parseNumber(fields[1]!, 'Open', file, lineNo);
    const h = parseNumber(fields[2]!, 'High', file, lineNo);
    const l = parseNumber(fields[3]!, 'Low', file, lineNo);
    const c = parseNumber(fields[4]!, 'Close', file, lineNo);
    const adjClose = parseNumber(fields[5]!, 'Adj Close', file, lineNo);
    const v = parseNumber(fields[6]!, 'Volume', file, lineNo);
    if (h < Math.max(o, c, l) || l > Math.min(o, c, h)) {
      throw new CsvFormatError(file, lineNo, `High ${h} / Low ${l} do not contain Open ${o} and Close ${c}`);
    }
    const previous = rows[rows.length - 1];
    if (previous && t <= previous.t) {
      throw new CsvFormatError(file, lineNo, `date ${date} does not come after ${previous.date} (dates must ascend, without repeats)`);
    }
    rows.push({ date, t, o, h, l, c, v, adjClose });
  }
  if (rows.length === 0) throw new CsvFormatError(file, 2, 'the file has a header but no rows');
  return rows;
}
