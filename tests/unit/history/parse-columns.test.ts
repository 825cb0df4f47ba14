import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferTimeframe } from '../../../src-main/history/csv/infer-timeframe.js';
import { parseCsvColumns } from '../../../src-main/history/csv/parse-columns.js';
import { CsvFormatError, parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const parse = (text: string, options = {}) => parseCsvColumns(Buffer.from(text), 'x.csv', options);
const rows = (text: string, options = {}) => {
  const { columns } = parse(text, options);
  return Array.from(columns.t, (t, i) => [t, columns.o[i], columns.h[i], columns.l[i], columns.c[i], columns.v[i]]);
};

function refusal(text: string, options = {}): CsvFormatError {
  try {
    parse(text, options);
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('CSV to columns', () => {
  it('recognises a generic header in any case and order, with the optional columns', () => {
    const text = '\ufeffVolume,CLOSE,DateTime,Open,low,High,VWAP,Trades,Adj Close\r\n100,1.5,2024-01-02 14:30:00,1,0.5,2,1.25,7,1.4\r\n200,1.75,2024-01-02 14:31:00,1.5,1,2,1.6,9,1.7\r\n';
    const parsed = parse(text);
    expect(rows(text)).toEqual([
      [Date.UTC(2024, 0, 2, 14, 30), 1, 2, 0.5, 1.5, 100],
      [Date.UTC(2024, 0, 2, 14, 31), 1.5, 2, 1, 1.75, 200],
    ]);
    expect(Array.from(parsed.columns.vwap!)).toEqual([1.25, 1.6]);
    expect(Array.from(parsed.columns.trades!)).toEqual([7, 9]);
    expect(Array.from(parsed.columns.adjClose!)).toEqual([1.4, 1.7]);
    expect(parsed.assumedZone).toBe('UTC');
  });

  it('reads numbers to the same doubles as Number(), on the fast and the slow path', () => {
    const values = ['0.1', '0.30000000000000004', '123456.789012', '1e3', '000.5', '5.', '99999999999999.9', '1234567890123456789', '0.000001', '3.14159265358979'];
    const text = `date,open,high,low,close,volume\n${values.map((x, i) => `2024-01-${String(i + 1).padStart(2, '0')},${x},${x},${x},${x},${x}`).join('\n')}\n`;
    expect(Array.from(parse(text).columns.c)).toEqual(values.map(Number));
    // A seeded sweep of six-decimal prices like Yahoo's.
    let seed = 7;
    const random = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const prices = Array.from({ length: 2000 }, () => (random() * 10_000).toFixed(Math.floor(random() * 7)));
    const many = `time,open,high,low,close\n${prices.map((p, i) => `${1_700_000_000 + i * 60},${p},${p},${p},${p}`).join('\n')}`;
    expect(Array.from(parse(many).columns.o)).toEqual(prices.map(Number));
  });

  it('reads every real Yahoo file to the same values as the Yahoo parser', () => {
    for (const name of readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt'))) {
      const bytes = readFileSync(join(YAHOO_DAILY_DIR, name));
      const expected = parseYahooCsv(bytes.toString('utf8'), name);
      const { columns, assumedZone } = parseCsvColumns(bytes, name);
      expect(assumedZone).toBeUndefined();
      expect(Array.from(columns.t)).toEqual(expected.map((r) => r.t));
      expect(Array.from(columns.c)).toEqual(expected.map((r) => r.c));
      expect(Array.from(columns.adjClose!)).toEqual(expected.map((r) => r.adjClose));
      expect(Array.from(columns.v)).toEqual(expected.map((r) => r.v));
    }
  });

  it('reads zoneless timestamps in --tz, DST-correct, both ways of the fall-back hour', () => {
    // New York minute bars through the fall-back night: 01:00-01:59 happens twice (EDT, then EST).
    const local: string[] = [];
    for (let m = 0; m < 60; m++) local.push(`2024-11-03 00:${String(m).padStart(2, '0')}:00`);
    for (let pass = 0; pass < 2; pass++) for (let m = 0; m < 60; m++) local.push(`2024-11-03 01:${String(m).padStart(2, '0')}:00`);
    local.push('2024-11-03 02:00:00');
    const text = `datetime,open,high,low,close\n${local.map((t) => `${t},1,1,1,1`).join('\n')}\n`;
    const { columns, assumedZone } = parse(text, { zone: 'America/New_York' });
    expect(assumedZone).toBe('America/New_York');
    const start = Date.UTC(2024, 10, 3, 4, 0); // 00:00 EDT
    expect(Array.from(columns.t)).toEqual(Array.from({ length: 181 }, (_, i) => start + i * 60_000));
    // Summer and winter offsets, and Europe too.
    expect(rows('time,open,high,low,close\n2024-07-01T09:30,1,1,1,1\n2024-12-02T09:30,1,1,1,1\n', { zone: 'America/New_York' }).map((r) => r[0])).toEqual([
      Date.UTC(2024, 6, 1, 13, 30),
      Date.UTC(2024, 11, 2, 14, 30),
    ]);
    expect(rows('time,open,high,low,close\n2024-03-31 03:30:00,1,1,1,1\n', { zone: 'Europe/Berlin' })[0]![0]).toBe(Date.UTC(2024, 2, 31, 1, 30));
    // A time the clocks skip is refused with its line.
    expect(refusal('time,open,high,low,close\n2024-03-10 01:59:00,1,1,1,1\n2024-03-10 02:30:00,1,1,1,1\n', { zone: 'America/New_York' })).toMatchObject({
      line: 3,
      reason: expect.stringContaining('does not exist in America/New_York'),
    });
    // Offsets and Z are read as written, whatever --tz says; dates stay 00:00 UTC.
    expect(rows('time,open,high,low,close\n2024-01-02T09:30:00-05:00,1,1,1,1\n2024-01-02T15:00:00Z,1,1,1,1\n', { zone: 'Asia/Tokyo' }).map((r) => r[0])).toEqual([
      Date.UTC(2024, 0, 2, 14, 30),
      Date.UTC(2024, 0, 2, 15),
    ]);
    expect(parse('date,open,high,low,close\n2024-01-02,1,1,1,1\n', { zone: 'Asia/Tokyo' })).toMatchObject({ assumedZone: undefined });
    expect(() => parse('date,open,high,low,close\n2024-01-02,1,1,1,1\n', { zone: 'Mars/Olympus' })).toThrow(/--tz "Mars\/Olympus" is not a time zone/);
  });

  it('reads mixed lines to the values written, whichever path each line takes, however many rows the first line suggests', () => {
    // The first line is long, so the row estimate is low and the columns must grow; quoted, padded, CRLF and
    // exponent lines take the string path between lines of the byte path.
    let seed = 11;
    const random = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const expected: number[][] = [];
    const lines = ['time,open,high,low,close,volume,note', '2024-01-01T00:00:00.000Z,100.000000,100.000000,100.000000,100.000000,123456789,a long first line to make the estimate small'];
    expected.push([Date.UTC(2024, 0, 1), 100, 100, 100, 100, 123456789]);
    for (let i = 1; i < 5000; i++) {
      const t = Date.UTC(2024, 0, 1) + i * 60_000;
      const p = Math.floor(random() * 1000) / 8;
      const iso = new Date(t).toISOString();
      const kind = i % 7;
      const time = kind === 0 ? `"${iso}"` : kind === 1 ? String(t / 1000) : kind === 2 ? iso.slice(0, 19).replace('T', ' ') : iso;
      const price = kind === 3 ? ` ${p} ` : kind === 4 ? `${p * 100}e-2` : String(p);
      lines.push(`${time},${price},${p},${p},${p},${i}${kind === 5 ? ',"x,y"' : ',n'}${kind === 6 ? '\r' : ''}`);
      expected.push([t, Number(price), p, p, p, i]);
    }
    const parsed = parse(lines.join('\n'));
    const got = Array.from(parsed.columns.t, (t, i) => [t, parsed.columns.o[i], parsed.columns.h[i], parsed.columns.l[i], parsed.columns.c[i], parsed.columns.v[i]]);
    expect(got).toEqual(expected);
    expect(parsed.columns.t).toHaveLength(5000);
    // A mapping that reads one column twice (close from Adj Close) takes the string path for every line.
    const twice = parse('date,open,high,low,close,adj close\n2024-01-02,1,2,0.5,1.5,1.25\n', { map: { close: 'adj close' } });
    expect([twice.columns.c[0], twice.columns.adjClose![0]]).toEqual([1.25, 1.25]);
  });

  it('reads epoch seconds and milliseconds and quoted lines', () => {
    expect(rows('t,o,h,l,c,v\n1704205800,1,2,0.5,1.5,10\n"1704205860000","1","2","0.5","1.5","1,0"\n'.replace('"1,0"', '11')).map((r) => r[0])).toEqual([1704205800000, 1704205860000]);
  });

  it.each([
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,abc\n', 2, 'close "abc" is not a number'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,-1\n', 2, 'close -1 is negative'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,1\n2024-13-02,1,2,0.5,1\n', 3, 'not a valid YYYY-MM-DD date'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,1,9\n', 2, 'expected 5 fields, found 6'],
    ['time,open,high,low,close\n2024-01-03,1,2,0.5,1\n2024-01-02,1,2,0.5,1\n', 3, 'does not come after'],
    ['when,open,high,low,close\n2024-01-03,1,2,0.5,1\n', 1, 'no time column'],
  ])('refuses a malformed file with the line and reason (%#)', (text, line, reason) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.message).toBe(`x.csv:${line}: ${error.reason}`);
    expect(error.reason).toContain(reason);
  });
});

describe('timeframe from the spacing', () => {
  const series = (start: number, step: number, n: number, skip = (_i: number) => false) => {
    const out: number[] = [];
    for (let i = 0, t = start; out.length < n; i++, t += step) if (!skip(i)) out.push(t);
    return out;
  };
  it.each([
    [series(0, 60_000, 500), '1Min'],
    [series(0, 300_000, 500), '5Min'],
    [series(0, 3_600_000, 500), '1Hour'],
    // Weekdays only: the weekend gaps are rarer than the day.
    [series(Date.UTC(2024, 0, 1), 86_400_000, 300, (i) => i % 7 >= 5), '1Day'],
    [series(0, 7 * 86_400_000, 50), '1Week'],
  ])('infers %#', (times, timeframe) => {
    expect(inferTimeframe(times).timeframe).toBe(timeframe);
  });

  it('says so when the spacing is no timeframe', () => {
    expect(inferTimeframe(series(0, 90_000, 100))).toEqual({ timeframe: undefined, spacingMs: 90_000 });
    expect(inferTimeframe([5])).toEqual({ timeframe: undefined, spacingMs: undefined });
  });
});
