import { describe, expect, it } from 'vitest';
import { parseColumnMap, parseOhlcvCsv, parseTimeField } from '../../../src-main/history/csv/ohlcv.js';
import { csvHeader, csvRows } from '../../../src-main/history/csv/export.js';
import { splitCsvLine } from '../../../src-main/history/csv/fields.js';
import { CsvFormatError } from '../../../src-main/history/csv/yahoo.js';
import { ZoneClock } from '../../../src-main/history/csv/time-zone.js';

function refusal(text: string, map = {}): CsvFormatError {
  try {
    parseOhlcvCsv(text, 'bad.csv', map);
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('generic OHLCV CSV', () => {
  it('reads common headers without a mapping, dates as 00:00 UTC', () => {
    expect(parseOhlcvCsv('Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n2024-01-03,1.5,2,1,1.75,200\n', 'x.csv')).toEqual([
      { t: Date.UTC(2024, 0, 2), o: 1, h: 2, l: 0.5, c: 1.5, v: 100 },
      { t: Date.UTC(2024, 0, 3), o: 1.5, h: 2, l: 1, c: 1.75, v: 200 },
    ]);
  });

  it('follows a column mapping, in any column order, with quoted fields and epoch times', () => {
    const map = parseColumnMap('time=Stamp,open=O,high=Hi,low=Lo,close=Last,volume=Qty');
    expect(map).toEqual({ time: 'Stamp', open: 'O', high: 'Hi', low: 'Lo', close: 'Last', volume: 'Qty' });
    const text = 'Qty,"Last",Stamp,O,Hi,Lo,Note\n"1,000",10.5,1704205800,10,11,9.5,"a ""quoted"" note"\n2000,10.75,1704205860000,10.5,10.8,10.4,x\n';
    // "1,000" is one field but not a number: refused with its line.
    expect(refusal(text, map)).toMatchObject({ line: 2, reason: 'Qty "1,000" is not a number' });
    const bars = parseOhlcvCsv(text.replace('"1,000"', '1000'), 'x.csv', map);
    expect(bars).toEqual([
      { t: 1704205800000, o: 10, h: 11, l: 9.5, c: 10.5, v: 1000 },
      { t: 1704205860000, o: 10.5, h: 10.8, l: 10.4, c: 10.75, v: 2000 },
    ]);
  });

  it('parses times: dates, epoch seconds and ms, ISO with a zone; refuses zoneless timestamps', () => {
    expect(parseTimeField('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseTimeField('1704205800')).toBe(1704205800000);
    expect(parseTimeField('1704205800000')).toBe(1704205800000);
    expect(parseTimeField('2024-01-02T14:30:00Z')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseTimeField('2024-01-02 09:30:00-05:00')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseTimeField('2024-01-02T09:30:00.250+0000')).toBe(Date.UTC(2024, 0, 2, 9, 30, 0, 250));
    // Without a zone: wall time in the given zone (UTC by default), DST-correct.
    expect(parseTimeField('2024-01-02T09:30:00')).toBe(Date.UTC(2024, 0, 2, 9, 30));
    const ny = new ZoneClock('America/New_York');
    expect(parseTimeField('2024-01-02 09:30:00', ny)).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseTimeField('2024-07-02 09:30:00', ny)).toBe(Date.UTC(2024, 6, 2, 13, 30));
    expect(parseTimeField('2024-03-10 02:30:00', ny)).toMatch(/does not exist in America\/New_York/);
    expect(parseTimeField('2024-02-30')).toMatch(/not a valid/);
    expect(parseTimeField('2024-02-30T10:00Z')).toMatch(/not a valid date/);
    expect(parseTimeField('yesterday')).toMatch(/not a date, an epoch time or an ISO timestamp/);
    expect(parseTimeField('1704205800.0005')).toMatch(/whole number of milliseconds/);
  });

  it.each([
    ['', {}, 1, 'empty'],
    ['Date,Open,High,Low\n', {}, 1, 'no close column'],
    ['Date,Open,High,Low,Close\n', { volume: 'Vol' }, 1, 'no column "Vol"'],
    ['time,open,high,low,close\n', {}, 2, 'no rows'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5\n', {}, 2, 'expected 5 fields, found 4'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,"1.5\n', {}, 2, 'unterminated quote'],
    ['time,open,high,low,close\n2024-01-02T25:00:00,1,2,0.5,1.5\n', {}, 2, 'not a valid time'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n\n', {}, 3, 'expected 5 fields, found 1'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,\n', {}, 2, 'close is missing'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,1e400\n', {}, 2, 'close "1e400" is not a number'],
    ['time,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n2024-01-02,1,2,0.5,1.5\n', {}, 3, 'does not come after'],
    ['time,open,high,low,close\n2024-01-02,1,1.2,0.5,1.5\n', {}, 2, 'do not contain'],
    ['time,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,-1\n', {}, 2, 'volume -1 is negative'],
  ])('refuses a malformed file with its line and reason (%#)', (text, map, line, reason) => {
    const error = refusal(text, map);
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
    expect(error.message).toBe(`bad.csv:${line}: ${error.reason}`);
  });

  it('refuses a bad mapping', () => {
    expect(() => parseColumnMap('time=Date,price=P')).toThrow(/--map entry "price=P"/);
    expect(() => parseColumnMap('time')).toThrow(/field=Column/);
  });

  it('splits quoted CSV fields', () => {
    expect(splitCsvLine('a, "b,c" ,"d ""e"""')).toEqual(['a', 'b,c', 'd "e"']);
    expect(splitCsvLine('"open')).toBeUndefined();
  });

  it('exports OHLCV text that parses back to the same bars', () => {
    const intraday = [
      { t: Date.UTC(2024, 0, 2, 14, 30), o: 0.1 + 0.2, h: 1 / 3 + 1, l: 0.1, c: 1.0000000000000002, v: 12.5 },
      { t: Date.UTC(2024, 0, 2, 14, 31), o: 1, h: 1, l: 1, c: 1, v: 0 },
    ];
    const text = csvHeader('ohlcv', '1Min') + csvRows('ohlcv', '1Min', intraday);
    expect(text.split('\n')[1]).toBe('2024-01-02T14:30:00.000Z,0.30000000000000004,1.3333333333333333,0.1,1.0000000000000002,12.5');
    expect(parseOhlcvCsv(text, 'x.csv')).toEqual(intraday);
    expect(() => csvHeader('yahoo', '1Min')).toThrow(/export 1Min bars as ohlcv/);
  });
});
