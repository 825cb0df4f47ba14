import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m0001 } from '../../../../src-main/history/migrations/0001-bars.js';
import { migration as m0002 } from '../../../../src-main/history/migrations/0002-option-iv.js';
import { migrate } from '../../../../src-main/storage/migrate.js';

describe('history migration 0002-option-iv', () => {
  it('adds the daily IV tables to a bars-only file, keyed by (underlying, date[, expiry]), refusing bad dates and negative IV', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m0001]);
    migrate(db, [m0001, m0002]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const pk = (t: string) => db.prepare(`SELECT name FROM pragma_table_info('${t}') WHERE pk > 0 ORDER BY pk`).pluck(true).all();
    expect(pk('option_iv_points')).toEqual(['underlying', 'date', 'expiry']);
    expect(pk('option_iv_daily')).toEqual(['underlying', 'date']);
    const insert = db.prepare('INSERT INTO option_iv_points (underlying, date, expiry, days, atm_iv, skew25) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('SPY', '2024-05-01', '2024-05-17', 16, 0.18, 0.04);
    expect(() => insert.run('SPY', '2024-05-01', '2024-05-17', 16, 0.2, null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('SPY', '2024-5-1', '2024-05-17', 16, 0.2, null)).toThrow(/CHECK/);
    expect(() => insert.run('SPY', '2024-05-02', '2024-05-17', 15, -0.1, null)).toThrow(/CHECK/);
    db.close();
  });
});
