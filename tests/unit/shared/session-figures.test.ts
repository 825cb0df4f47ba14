import { describe, expect, it } from 'vitest';
import { addTrades, dailyBarDate, nyTradeDate, sessionChange, sessionFromSnapshot } from '../../../src-shared/domain/session-figures.js';
import type { SymbolSnapshot } from '../../../src-shared/ipc/market-data-schemas.js';
import { applySnapshot, applyTrades, emptyRow, type WatchRow } from '../../../src-renderer/features/watchlist/watch-rows.js';

// Tuesday 2024-03-05 in New York (EST, UTC-5). Daily bars are stamped at midnight New York (05:00 UTC) by Alpaca
// and the demo exchange, at midnight UTC by Yahoo files (the offline cache).
const nyMidnight = (date: string): number => Date.parse(`${date}T05:00:00Z`);
const utcMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const ny = (date: string, hhmm: string): number => Date.parse(`${date}T${hhmm}:00-05:00`);
const bar = (t: number, c: number, v: number) => ({ t, o: c, h: c, l: c, c, v });

function snapshot(source: SymbolSnapshot['source'], parts: Partial<SymbolSnapshot>): SymbolSnapshot {
  return { symbol: 'SPY', source, stale: false, latestTrade: null, latestQuote: null, dailyBar: null, prevDailyBar: null, ...parts };
}

const shown = (row: WatchRow) => ({ last: row.last, prevClose: row.prevClose, changePct: row.changePct === null ? null : Number(row.changePct.toFixed(4)), volume: row.volume });

describe('session dates', () => {
  it('dates a trade in New York and a daily bar by its stamp, whichever midnight it uses', () => {
    expect(nyTradeDate(Date.parse('2024-03-06T03:30:00Z'))).toBe('2024-03-05'); // 22:30 in New York
    expect(nyTradeDate(Date.parse('2024-07-02T03:30:00Z'))).toBe('2024-07-01'); // EDT
    expect(nyTradeDate(ny('2024-03-05', '09:30'))).toBe('2024-03-05');
    expect(dailyBarDate(nyMidnight('2024-03-05'))).toBe('2024-03-05');
    expect(dailyBarDate(utcMidnight('2024-03-05'))).toBe('2024-03-05');
  });
});

describe('change % and volume: one definition whatever the source', () => {
  // Before the open: Monday closed at 100 on 50M shares, Friday at 105; a pre-market print at 98.
  const demoBeforeOpen = snapshot('demo-exchange', {
    latestTrade: { t: ny('2024-03-05', '08:00'), price: 98, size: 10 },
    dailyBar: bar(nyMidnight('2024-03-04'), 100, 50_000_000),
    prevDailyBar: bar(nyMidnight('2024-03-01'), 105, 40_000_000),
  });
  // The offline cache knows Monday's bar (a Yahoo import) and says its close is the last trade.
  const cacheBeforeOpen = snapshot('history-store', {
    latestTrade: { t: utcMidnight('2024-03-04'), price: 100, size: 0 },
    dailyBar: bar(utcMidnight('2024-03-04'), 100, 50_000_000),
    prevDailyBar: bar(utcMidnight('2024-03-01'), 105, 40_000_000),
  });
  const stream = [
    { t: ny('2024-03-05', '08:01'), price: 98.5, size: 200, source: 'demo-exchange' as const },
    { t: ny('2024-03-05', '08:02'), price: 97, size: 300, source: 'demo-exchange' as const },
  ];

  it('before the open, change is from the last close (not the session before it) and volume is today\'s', () => {
    const f = sessionFromSnapshot(demoBeforeOpen);
    expect(f).toMatchObject({ session: '2024-03-05', last: 98, prevClose: 100, volume: null });
    expect(sessionChange(f).changePct).toBeCloseTo(-2, 10);
  });

  it('rows from sources that disagree show the same figures once the same trades arrive', () => {
    const fromDemo = applyTrades(applySnapshot(emptyRow('SPY'), demoBeforeOpen), stream);
    const fromCache = applyTrades(applySnapshot(emptyRow('SPY'), cacheBeforeOpen), stream);
    // Trades only (the snapshot failed), with the previous close learnt later from a snapshot.
    const fromStream = applySnapshot(applyTrades(emptyRow('SPY'), stream), demoBeforeOpen);
    const expected = { last: 97, prevClose: 100, changePct: -3, volume: 500 };
    expect(shown(fromDemo)).toEqual(expected);
    expect(shown(fromCache)).toEqual(expected);
    expect(shown(fromStream)).toMatchObject({ last: 97, prevClose: 100, changePct: -3 });
  });

  it('in the session, volume is the daily bar\'s as of the snapshot plus later trades only', () => {
    const alpaca = snapshot('alpaca', {
      latestTrade: { t: ny('2024-03-05', '10:00'), price: 99, size: 5 },
      dailyBar: bar(nyMidnight('2024-03-05'), 99, 1_000_000),
      prevDailyBar: bar(nyMidnight('2024-03-04'), 100, 50_000_000),
    });
    let row = applySnapshot(emptyRow('SPY'), alpaca);
    expect(shown(row)).toEqual({ last: 99, prevClose: 100, changePct: -1, volume: 1_000_000 });
    row = applyTrades(row, [
      { t: ny('2024-03-05', '09:59'), price: 98, size: 700, source: 'alpaca' }, // already in the daily bar
      { t: ny('2024-03-05', '10:01'), price: 101, size: 100, source: 'alpaca' },
    ]);
    expect(shown(row)).toEqual({ last: 101, prevClose: 100, changePct: 1, volume: 1_000_100 });
    // The stream drops: fallback values move the price and add no volume.
    row = applyTrades(row, [{ t: ny('2024-03-05', '10:02'), price: 102, size: 9_999, source: 'synthetic' }]);
    expect(shown(row)).toEqual({ last: 102, prevClose: 100, changePct: 2, volume: 1_000_100 });
    // A late print of Monday changes nothing.
    expect(shown(applyTrades(row, [{ t: ny('2024-03-04', '15:59'), price: 50, size: 1, source: 'alpaca' }]))).toEqual(shown(row));
  });

  it('a trade of the next date starts a new session from the last price', () => {
    const tuesday = addTrades(sessionFromSnapshot(demoBeforeOpen), [{ t: ny('2024-03-05', '16:00'), price: 96, size: 1000 }]);
    const wednesday = addTrades(tuesday, [{ t: ny('2024-03-06', '04:00'), price: 97, size: 40 }]);
    expect(wednesday).toMatchObject({ session: '2024-03-06', prevClose: 96, last: 97, volume: 40 });
  });
});
