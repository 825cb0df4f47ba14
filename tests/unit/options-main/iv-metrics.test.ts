import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { historyMigrations } from '../../../src-main/history/migrations/index.js';
import { ivPointsOf, iv30Of, ivRankAndPercentile } from '../../../src-main/options/iv-metrics.js';
import { IvStore } from '../../../src-main/options/iv-store.js';
import { migrate } from '../../../src-main/storage/migrate.js';
import type { ChainRow, IvPoint } from '../../../src-shared/ipc/options-schemas.js';

function row(type: 'call' | 'put', strike: number, expiration: string, iv: number, delta: number): ChainRow {
  return { symbol: `X${strike}${type}`, type, strike, expiration, bid: 1, ask: 1.1, bidSize: 1, askSize: 1, last: null, quoteT: null, volume: null, openInterest: null, iv, greeks: { delta, gamma: 0, theta: 0, vega: 0, rho: 0 }, greeksSource: 'alpaca', inTheMoney: false };
}

describe('IV figures', () => {
  it('ATM IV at the strike nearest the spot (call and put averaged) and the 25-delta skew per expiry', () => {
    const rows = [
      row('call', 95, '2024-04-19', 0.3, 0.7), row('put', 95, '2024-04-19', 0.32, -0.26),
      row('call', 100, '2024-04-19', 0.22, 0.52), row('put', 100, '2024-04-19', 0.24, -0.48),
      row('call', 105, '2024-04-19', 0.18, 0.24), row('put', 105, '2024-04-19', 0.2, -0.76),
      row('call', 100, '2024-05-17', 0.25, 0.53),
    ];
    const points = ivPointsOf(rows, 101, '2024-04-01');
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({ date: '2024-04-01', expiry: '2024-04-19', days: 18 });
    expect(points[0]!.atmIv).toBeCloseTo(0.23, 12);
    expect(points[0]!.skew25).toBeCloseTo(0.32 - 0.18, 12);
    expect(points[1]!.skew25).toBeNull(); // no wings
  });

  it('30-day IV interpolates total variance between the expiries around 30 days', () => {
    const p = (days: number, atmIv: number): IvPoint => ({ date: '2024-04-01', expiry: '2024-05-01', days, atmIv, skew25: 0.05 });
    const { iv30 } = iv30Of([p(20, 0.2), p(40, 0.3)])!;
    expect(iv30).toBeCloseTo(Math.sqrt((0.5 * 0.04 * 20 + 0.5 * 0.09 * 40) / 30), 12);
    expect(iv30Of([p(60, 0.3)])!.iv30).toBe(0.3);
    expect(iv30Of([p(1, 0.9), p(45, 0.25)])!.iv30).toBe(0.25); // a 1-day expiry is left out
    expect(iv30Of([])).toBeUndefined();
  });

  it('IV rank and percentile', () => {
    expect(ivRankAndPercentile([0.2, 0.3])).toBeUndefined();
    const r = ivRankAndPercentile([0.2, 0.4, 0.3, 0.25, 0.35, 0.3])!;
    expect(r.rank).toBeCloseTo(50, 10);
    expect(r.percentile).toBeCloseTo(40, 10); // 0.2 and 0.25 of five earlier days
  });

  it('the store keeps one day per date (a second recording replaces it) and answers oldest first', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, historyMigrations);
    const store = new IvStore(db);
    const p = (date: string, atmIv: number): IvPoint => ({ date, expiry: '2024-06-21', days: 30, atmIv, skew25: null });
    store.record('SPY', '2024-05-20', [p('2024-05-20', 0.2)], 1);
    store.record('SPY', '2024-05-21', [p('2024-05-21', 0.25)], 2);
    store.record('SPY', '2024-05-21', [p('2024-05-21', 0.22)], 3);
    expect(store.daily('SPY', 10)).toEqual([{ date: '2024-05-20', iv30: 0.2, skew25: null }, { date: '2024-05-21', iv30: 0.22, skew25: null }]);
    expect(store.latestPoints('SPY')).toEqual([p('2024-05-21', 0.22)]);
    expect(store.daily('SPY', 1)).toEqual([{ date: '2024-05-21', iv30: 0.22, skew25: null }]);
    expect(() => db.prepare("INSERT INTO option_iv_daily VALUES ('SPY', '21/05/2024', 0.2, NULL, 1)").run()).toThrow(/CHECK/);
    db.close();
  });
});
