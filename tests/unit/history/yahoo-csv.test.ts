import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseIsoDate } from '../../../src-main/history/csv/iso-date.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';

function refusal(text: string): CsvFormatError {
  try {
    parseYahooCsv(text, 'bad.csv');
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('Yahoo daily CSV', () => {
  it('reads every real file, row count and first/last row as written', () => {
    const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const text = readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8');
      const lines = text.trimEnd().split('\n');
      const rows = parseYahooCsv(text, file);
      expect(rows.length).toBe(lines.length - 1);
      const last = lines[lines.length - 1]!.split(',');
      const row = rows[rows.length - 1]!;
      expect([row.date, row.o, row.h, row.l, row.c, row.adjClose, row.v]).toEqual([last[0], ...last.slice(1).map(Number)]);
      expect(row.t).toBe(Date.parse(`${last[0]}T00:00:00Z`));
    }
  });

  it('accepts CRLF line endings and a byte-order mark', () => {
    const rows = parseYahooCsv(`\ufeff${HEADER}\r\n2014-01-02,1,2,0.5,1.5,1.4,100\r\n`, 'x.csv');
    expect(rows).toEqual([{ date: '2014-01-02', t: Date.UTC(2014, 0, 2), o: 1, h: 2, l: 0.5, c: 1.5, adjClose: 1.4, v: 100 }]);
  });

  it.each([
    ['', 1, 'empty'],
    ['Date,Open,High\n', 1, 'header'],
    [`${HEADER}\n`, 2, 'no rows'],
    [`${HEADER}\n2014-01-02,1,2,0.5,1.5,1.4\n`, 2, 'expected 7 fields'],
    [`${HEADER}\n2014-01-02,1,2,0.5,1.5,1.4,100\n2014-02-30,1,2,0.5,1.5,1.4,100\n`, 3, 'not a valid'],
    [`${HEADER}\n2014-01-02,1,2,0.5,null,1.4,100\n`, 2, 'Close is missing'],
    [`${HEADER}\n2014-01-02,1,2,0.5,abc,1.4,100\n`, 2, 'not a number'],
    [`${HEADER}\n2014-01-02,1,2,0.5,1.5,1.4,-3\n`, 2, 'negative'],
    [`${HEADER}\n2014-01-02,1,1.2,0.5,1.5,1.4,100\n`, 2, 'do not contain'],
    [`${HEADER}\n2014-01-03,1,2,0.5,1.5,1.4,100\n2014-01-02,1,2,0.5,1.5,1.4,100\n`, 3, 'does not come after'],
    [`${HEADER}\n2014-01-02,1,2,0.5,1.5,1.4,100\n\n2014-01-03,1,2,0.5,1.5,1.4,100\n`, 3, 'expected 7 fields'],
  ])('refuses a malformed file with its line and reason (%#)', (text, line, reason) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
    expect(error.message).toBe(`bad.csv:${line}: ${error.reason}`);
  });

  it('knows real calendar dates', () => {
    expect(parseIsoDate('2016-02-29')).toBe(Date.UTC(2016, 1, 29));
    expect(parseIsoDate('2015-02-29')).toBeUndefined();
    expect(parseIsoDate('2015-1-2')).toBeUndefined();
  });
});
