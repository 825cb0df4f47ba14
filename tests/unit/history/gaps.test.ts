import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionCalendar } from '../../../src-main/history/calendar.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { tempStores } from './temp-store.js';

const stores = tempStores();
afterEach(() => stores.cleanup());

const read = (name: string) => parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, name), 'utf8'), name);
const day = (date: string): number => Date.parse(`${date}T00:00:00Z`);

describe('gap detection', () => {
  it('finds no gap in a real year of daily bars (the NYSE calendar agrees with the data)', () => {
    const { store } = stores.open();
    store.writeBars('NVDA', '1Day', read('nvda-2014.txt'));
    expect(store.gaps('NVDA', '1Day', { from: day('2014-01-01'), to: day('2014-12-31') })).toEqual([]);
  });

  it('reports missing sessions as runs, skipping weekends and holidays', () => {
    const { store } = stores.open();
    const removed = new Set(['2014-01-16', '2014-01-17', '2014-01-21', '2014-07-03', '2014-12-31']);
    store.writeBars('NVDA', '1Day', read('nvda-2014.txt').filter((r) => !removed.has(r.date)));
    expect(store.gaps('NVDA', '1Day', { from: day('2014-01-01'), to: day('2014-12-31') })).toEqual([
      // Thursday, Friday, (weekend), Martin Luther King Day on Monday the 20th: one run of three sessions.
      { from: day('2014-01-16'), to: day('2014-01-21'), missing: 3 },
      { from: day('2014-07-03'), to: day('2014-07-03'), missing: 1 },
      { from: day('2014-12-31'), to: day('2014-12-31'), missing: 1 },
    ]);
    // The range bounds the answer; an unknown symbol is all gap.
    expect(store.gaps('NVDA', '1Day', { from: day('2014-01-17'), to: day('2014-06-30') })).toEqual([{ from: day('2014-01-17'), to: day('2014-01-21'), missing: 2 }]);
    expect(store.gaps('AAPL', '1Day', { from: day('2014-01-01'), to: day('2014-01-10') })).toEqual([{ from: day('2014-01-02'), to: day('2014-01-10'), missing: 7 }]);
  });

  it('finds the special closures of 1999-2014 that no holiday rule knows (9/11, state funerals, Hurricane Sandy)', () => {
    const { store } = stores.open();
    store.writeBars('NVDA', '1Day', read('nvda-1999-2014.txt'));
    const gaps = store.gaps('NVDA', '1Day', { from: day('1999-01-22'), to: day('2014-12-31') });
    const dates = gaps.map((g) => `${new Date(g.from).toISOString().slice(0, 10)}+${g.missing}`);
    expect(dates).toEqual(['2001-09-11+4', '2004-06-11+1', '2007-01-02+1', '2012-10-29+2']);
  });

  it('finds missing minutes inside regular sessions only, and follows early closes', () => {
    const { store } = stores.open();
    // 2024-11-29 closes at 13:00 New York (18:00Z): 210 minutes from 14:30Z.
    const open = Date.parse('2024-11-29T14:30:00Z');
    const minutes = Array.from({ length: 210 }, (_, i) => ({ t: open + i * 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 }));
    const holes = new Set([0, 30, 31, 32, 33, 34, 209]);
    // A pre-market bar is stored but is not part of the regular session's expectations.
    store.writeBars('SPY', '1Min', [{ t: open - 3_600_000, o: 1, h: 1, l: 1, c: 1, v: 1 }, ...minutes.filter((_, i) => !holes.has(i))]);
    const range = { from: Date.parse('2024-11-29T00:00:00Z'), to: Date.parse('2024-11-30T00:00:00Z') };
    expect(store.gaps('SPY', '1Min', range)).toEqual([
      { from: open, to: open, missing: 1 },
      { from: open + 30 * 60_000, to: open + 34 * 60_000, missing: 5 },
      { from: open + 209 * 60_000, to: open + 209 * 60_000, missing: 1 },
    ]);
    // Hourly bars of that session: 14:00Z (holding 09:30-10:00) to 17:00Z.
    store.writeBars('SPY', '1Hour', [14, 15, 17].map((h) => ({ t: Date.UTC(2024, 10, 29, h), o: 1, h: 1, l: 1, c: 1, v: 1 })));
    expect(store.gaps('SPY', '1Hour', range)).toEqual([{ from: Date.UTC(2024, 10, 29, 16), to: Date.UTC(2024, 10, 29, 16), missing: 1 }]);
  });

  it('uses the calendar it is given', () => {
    const { store } = stores.open();
    // A calendar with one session on a Saturday (as a special trading day would be listed by Alpaca's calendar).
    const calendar: SessionCalendar = {
      sessions: (fromDate, toDate) =>
        ['2024-06-01'].filter((d) => d >= fromDate && d <= toDate).map((date) => ({ date, open: Date.parse(`${date}T13:30:00Z`), close: Date.parse(`${date}T14:00:00Z`) })),
    };
    expect(store.gaps('X', '5Min', { from: Date.parse('2024-05-31T00:00:00Z'), to: Date.parse('2024-06-02T00:00:00Z'), calendar })).toEqual([
      { from: Date.parse('2024-06-01T13:30:00Z'), to: Date.parse('2024-06-01T13:55:00Z'), missing: 6 },
    ]);
    expect(() => store.gaps('X', '1Week', { from: 0, to: 1 })).toThrow(/intraday and 1Day/);
  });
});
