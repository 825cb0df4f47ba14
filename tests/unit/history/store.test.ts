import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { tempStores } from './temp-store.js';

const stores = tempStores();
afterEach(() => stores.cleanup());

const nvda = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'nvda-2014.txt'), 'utf8'), 'nvda-2014.txt');
const plain = (rows: readonly Bar[]): Bar[] => rows.map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));

describe('HistoryStore', () => {
  it('round-trips real daily bars through a SQLite file, also after reopening', () => {
    const { store, file } = stores.open();
    const summary = store.writeBars('nvda', '1Day', nvda, 'yahoo');
    expect(summary).toEqual({ written: nvda.length, inserted: nvda.length, updated: 0, unchanged: 0 });
    expect(store.readBars('NVDA', '1Day')).toEqual(plain(nvda));
    store.close();
    const again = HistoryStore.open(file);
    try {
      expect(again.readBars('NVDA', '1Day')).toEqual(plain(nvda));
      const streamed = [...again.iterateBars('NVDA', '1Day', { chunkSize: 100 })];
      expect(streamed.map((c) => c.length)).toEqual([100, 100, nvda.length - 200]);
      expect(streamed.flat()).toEqual(nvda.map(({ t, o, h, l, c, v, adjClose }) => ({ t, o, h, l, c, v, adjClose })));
      expect(again.symbols()).toEqual(['NVDA']);
      expect(again.coverage()).toEqual([{ symbol: 'NVDA', timeframe: '1Day', first: nvda[0]!.t, last: nvda.at(-1)!.t, count: nvda.length }]);
    } finally {
      again.close();
    }
  });

  it('reads ranges inclusively, with limits from either end, and streams the same range', () => {
    const { store } = stores.open();
    store.writeBars('NVDA', '1Day', nvda);
    const from = Date.UTC(2014, 2, 1);
    const to = Date.UTC(2014, 2, 31);
    const march = plain(nvda.filter((b) => b.t >= from && b.t <= to));
    expect(march.length).toBe(21);
    expect(store.readBars('NVDA', '1Day', { from, to })).toEqual(march);
    expect(store.readBars('NVDA', '1Day', { from: march[0]!.t, to: march.at(-1)!.t })).toEqual(march);
    expect(store.readBars('NVDA', '1Day', { from, to, limit: 3 })).toEqual(march.slice(0, 3));
    expect(store.readBars('NVDA', '1Day', { from, to, limit: 3, fromEnd: true })).toEqual(march.slice(-3));
    expect(plain([...store.iterateBars('NVDA', '1Day', { from, to, chunkSize: 4 })].flat())).toEqual(march);
    expect([...store.iterateBars('NVDA', '1Day', { from, to, chunkSize: 4, limit: 6 })].flat().length).toBe(6);
    expect(store.count('NVDA', '1Day', { from, to })).toBe(21);
    expect(store.readBars('NVDA', '1Hour')).toEqual([]);
    expect(store.readBars('AAPL', '1Day')).toEqual([]);
  });

  it('re-writing identical bars changes nothing; corrected bars replace earlier ones', () => {
    const { store, file } = stores.open();
    store.writeBars('NVDA', '1Day', nvda, 'yahoo');
    const raw = new BetterSqlite3(file, { readonly: true });
    const dump = (): unknown[] => raw.prepare('SELECT * FROM bars ORDER BY series_id, t').raw(true).all();
    const before = dump();
    expect(store.writeBars('NVDA', '1Day', nvda, 'alpaca')).toEqual({ written: nvda.length, inserted: 0, updated: 0, unchanged: nvda.length });
    // Same values from another source: the row (source included) is left as it was.
    expect(dump()).toEqual(before);

    const corrected = nvda.slice(10, 13).map((b, i) => (i === 1 ? { ...b, c: b.c + 0.01, v: b.v + 5 } : b));
    const extra = { t: Date.UTC(2015, 0, 2), o: 20, h: 21, l: 19.5, c: 20.5, v: 1000 };
    expect(store.writeBars('NVDA', '1Day', [...corrected, extra], 'alpaca')).toEqual({ written: 4, inserted: 1, updated: 1, unchanged: 2 });
    const after = store.readBars('NVDA', '1Day');
    expect(after.length).toBe(nvda.length + 1);
    expect(after[11]).toEqual({ ...plain([nvda[11]!])[0], c: nvda[11]!.c + 0.01, v: nvda[11]!.v + 5 });
    expect(after.at(-1)).toEqual(extra);
    const sources = raw.prepare('SELECT s.name FROM bars b JOIN sources s ON s.id = b.source_id WHERE b.t = ?').pluck(true);
    expect(sources.get(nvda[11]!.t)).toBe('alpaca');
    expect(sources.get(nvda[10]!.t)).toBe('yahoo');
    raw.close();
  });

  it('keys daily bars by session date: Alpaca midnight-New-York labels meet Yahoo date rows', () => {
    const { store } = stores.open();
    const day = nvda[0]!;
    // Alpaca labels this session 2014-01-02T05:00:00Z (New York midnight, winter).
    expect(store.writeBars('NVDA', '1Day', [{ ...day, t: Date.parse('2014-01-02T05:00:00Z') }], 'alpaca').inserted).toBe(1);
    expect(store.writeBars('NVDA', '1Day', [day], 'yahoo')).toMatchObject({ inserted: 0, unchanged: 1 });
    expect(store.readBars('NVDA', '1Day')).toEqual(plain([day]));
  });

  it('a write that fails part-way leaves nothing behind', () => {
    const { store } = stores.open();
    store.writeBars('NVDA', '1Day', nvda.slice(0, 5));
    // 600 rows spans three insert chunks; the last bar breaks the table's high >= low check inside the transaction.
    const bars = Array.from({ length: 600 }, (_, i) => ({ t: Date.UTC(2020, 0, 1) + i * 86_400_000, o: 1, h: 2, l: 0.5, c: 1.5, v: 10 }));
    bars[599] = { ...bars[599]!, h: 0.1, l: 0.5 };
    expect(() => store.writeBars('NVDA', '1Day', bars)).toThrow(/CHECK/);
    expect(() => store.writeBars('AAPL', '1Day', bars)).toThrow(/CHECK/);
    expect(store.count('NVDA', '1Day')).toBe(5);
    expect(store.symbols()).toEqual(['NVDA']);
    // The store still works after the rollback (its cached ids were dropped with the rows).
    expect(store.writeBars('AAPL', '1Day', bars.slice(0, 2)).inserted).toBe(2);
    expect(store.symbols()).toEqual(['AAPL', 'NVDA']);
  });

  it('refuses bars that are not numbers and symbols that are not tickers, naming the bar', () => {
    const { store } = stores.open();
    expect(() => store.writeBars('NVDA', '1Day', [nvda[0]!, { ...nvda[1]!, c: Number.NaN }])).toThrow(/NVDA 1Day bar #2 \(2014-01-03T00:00:00.000Z\): .*finite/);
    expect(() => store.writeBars('NVDA', '1Min', [{ ...nvda[0]!, t: 1.5 }])).toThrow(/integer epoch/);
    expect(() => store.writeBars('NV DA', '1Day', [nvda[0]!])).toThrow(/not a valid ticker/);
    expect(store.count('NVDA', '1Day')).toBe(0);
  });

  it('keeps the later bar when a write names one time twice', () => {
    const { store } = stores.open();
    const first = { t: 60_000 * 1000, o: 1, h: 2, l: 1, c: 2, v: 3 };
    const second = { ...first, c: 1.5 };
    expect(store.writeBars('X', '1Min', [first, second])).toEqual({ written: 2, inserted: 1, updated: 1, unchanged: 0 });
    expect(store.readBars('X', '1Min')).toEqual([second]);
  });
});
