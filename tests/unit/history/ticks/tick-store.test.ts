import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTickCsv } from '../../../../src-main/backtest/ticks/tick-csv.js';
import type { QuoteColumns, TradeColumns } from '../../../../src-main/backtest/market-data.js';
import { openHistoryDatabase } from '../../../../src-main/history/history-db.js';
import { DAY_MS } from '../../../../src-main/history/ticks/tick-columns.js';
import { exportTickFiles, importTickFiles, tickFilesIn } from '../../../../src-main/history/ticks/tick-files.js';
import { TickStore } from '../../../../src-main/history/ticks/tick-store.js';

const DAY0 = Date.UTC(2024, 2, 1);
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ticks-'));
  dirs.push(dir);
  return dir;
}
function openStore(dir = tempDir()): TickStore {
  return new TickStore(openHistoryDatabase(join(dir, 'history.sqlite')));
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** n quotes a second apart starting at `start`, prices drifting by the row number. */
function quotes(start: number, n: number, step = 1000): QuoteColumns {
  const t = Float64Array.from({ length: n }, (_, i) => start + i * step);
  const bid = Float64Array.from({ length: n }, (_, i) => 100 + (i % 7) * 0.01);
  return { t, bid, bidSize: Float64Array.from({ length: n }, (_, i) => 100 + i), ask: bid.map((b) => b + 0.02), askSize: Float64Array.from({ length: n }, (_, i) => 200 + (i % 3)) };
}
function trades(start: number, n: number): TradeColumns {
  return { t: Float64Array.from({ length: n }, (_, i) => start + i * 1500 + 0.25), price: Float64Array.from({ length: n }, (_, i) => 100.01 + (i % 5) * 0.01), size: Float64Array.from({ length: n }, (_, i) => 1 + i) };
}

describe('TickStore', () => {
  it('appends recorder chunks across a UTC day boundary and reads a window back in time order', () => {
    const store = openStore();
    const late = DAY0 + DAY_MS - 5000;
    store.append('spy', 'quotes', quotes(late, 10));
    store.append('SPY', 'quotes', quotes(late + 10_000, 5));
    const all = store.read('SPY', 'quotes') as QuoteColumns;
    expect(all.t.length).toBe(15);
    expect(Array.from(all.t)).toEqual(Array.from({ length: 15 }, (_, i) => late + i * 1000));
    const window = store.read('SPY', 'quotes', { from: late + 4000, to: late + 6000 }) as QuoteColumns;
    expect(Array.from(window.t)).toEqual([late + 4000, late + 5000, late + 6000]);
    expect(Array.from(window.bidSize)).toEqual([104, 105, 106]);
    expect(store.coverage('SPY')).toEqual([{ symbol: 'SPY', kind: 'quotes', first: late, last: late + 14_000, count: 15, days: 2 }]);
    expect(store.read('QQQ', 'quotes').t.length).toBe(0);
  });

  it('replace stores an import once however often it runs, keeping ticks outside the window', () => {
    const store = openStore();
    store.append('SPY', 'trades', trades(DAY0 + 3_600_000, 20));
    const again = trades(DAY0 + 3_600_000 + 1500 * 5, 5);
    store.replace('SPY', 'trades', again);
    store.replace('SPY', 'trades', again);
    const back = store.read('SPY', 'trades') as TradeColumns;
    expect(back.t.length).toBe(20);
    // rows 5..9 now come from the replacement, whose sizes restart at 1
    expect(Array.from(back.size.subarray(4, 11))).toEqual([5, 1, 2, 3, 4, 5, 11]);
  });

  it('refuses bad ticks with the row named, and sorts unsorted input', () => {
    const store = openStore();
    const bad = quotes(DAY0, 3);
    bad.ask[1] = -1;
    expect(() => store.append('SPY', 'quotes', bad)).toThrow(/row 2: ask must be a finite number above 0/);
    const shuffled = trades(DAY0, 3);
    shuffled.t.reverse();
    store.append('SPY', 'trades', shuffled);
    expect(Array.from((store.read('SPY', 'trades') as TradeColumns).size)).toEqual([3, 2, 1]);
  });

  it('compact rewrites a day of recorder chunks as one, reading back the same ticks', () => {
    const store = openStore();
    for (let k = 0; k < 30; k++) store.append('SPY', 'quotes', quotes(DAY0 + k * 10_000, 10));
    store.append('SPY', 'quotes', quotes(DAY0 + DAY_MS, 5));
    store.append('SPY', 'quotes', quotes(DAY0 + DAY_MS + 60_000, 5));
    const before = store.read('SPY', 'quotes') as QuoteColumns;
    const chunks = () => store.db.prepare('SELECT day, COUNT(*) AS n FROM tick_chunks GROUP BY day ORDER BY day').all();
    expect(store.compact('SPY', Math.floor(DAY0 / DAY_MS) + 1)).toBe(1);
    expect(chunks()).toEqual([{ day: DAY0 / DAY_MS, n: 1 }, { day: DAY0 / DAY_MS + 1, n: 2 }]);
    const after = store.read('SPY', 'quotes') as QuoteColumns;
    for (const k of ['t', 'bid', 'bidSize', 'ask', 'askSize'] as const) expect(Array.from(after[k])).toEqual(Array.from(before[k]));
  });

  it('prune deletes whole UTC days older than the retention, per symbol', () => {
    const store = openStore();
    for (let d = 0; d < 5; d++) {
      store.append('SPY', 'quotes', quotes(DAY0 + d * DAY_MS, 3));
      store.append('QQQ', 'quotes', quotes(DAY0 + d * DAY_MS, 3));
    }
    const now = DAY0 + 4 * DAY_MS + 3_600_000;
    expect(store.prune('SPY', 2, now)).toBe(6);
    expect(store.coverage('SPY')[0]).toMatchObject({ first: DAY0 + 2 * DAY_MS, days: 3, count: 9 });
    expect(store.coverage('QQQ')[0]).toMatchObject({ days: 5, count: 15 });
    expect(() => store.prune('SPY', -1, now)).toThrow(/whole number of days/);
  });

  it('keeps the per-symbol recording switch across a reopen', () => {
    const dir = tempDir();
    const store = openStore(dir);
    store.setRecording('spy', true, 5);
    store.setRecording('AAPL', true, 6);
    store.setRecording('AAPL', false);
    store.db.close();
    expect(openStore(dir).recordingSymbols()).toEqual([{ symbol: 'SPY', since: 5 }]);
  });

  it('round-trips store → CSV → store unchanged, in the backtest CSV format', () => {
    const store = openStore();
    const q = quotes(DAY0 + 1000.5, 500, 37);
    const tr = trades(DAY0 + 2000, 200);
    store.append('SPY', 'quotes', q);
    store.append('SPY', 'trades', tr);
    const out = tempDir();
    const written = exportTickFiles(store, 'SPY', out);
    expect(written.map((w) => [w.kind, w.ticks])).toEqual([['quotes', 500], ['trades', 200]]);
    const parsed = parseTickCsv(readFileSync(join(out, 'SPY-quotes.csv'), 'utf8'), 'SPY-quotes.csv');
    expect(parsed.kind).toBe('quotes');
    const other = openStore();
    importTickFiles(other, tickFilesIn(out));
    const q2 = other.read('SPY', 'quotes') as QuoteColumns;
    const t2 = other.read('SPY', 'trades') as TradeColumns;
    for (const k of ['t', 'bid', 'bidSize', 'ask', 'askSize'] as const) expect(Array.from(q2[k])).toEqual(Array.from(q[k]));
    for (const k of ['t', 'price', 'size'] as const) expect(Array.from(t2[k])).toEqual(Array.from(tr[k]));
    expect(() => exportTickFiles(other, 'QQQ', tempDir())).toThrow(/no QQQ quotes or trades stored/);
  });

  it('rejects an import whose name and header disagree', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'SPY-trades.csv'), 't,bid,bidSize,ask,askSize\n1709251200000,1,1,1.1,1\n');
    expect(() => importTickFiles(openStore(), tickFilesIn(dir))).toThrow(/the name says trades but the header is quotes/);
  });
});
