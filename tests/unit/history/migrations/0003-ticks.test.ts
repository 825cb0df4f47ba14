import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m0001 } from '../../../../src-main/history/migrations/0001-bars.js';
import { migration as m0002 } from '../../../../src-main/history/migrations/0002-option-iv.js';
import { migration as m0003 } from '../../../../src-main/history/migrations/0003-ticks.js';
import { migrate } from '../../../../src-main/storage/migrate.js';

describe('history migration 0003-ticks', () => {
  it('adds tick chunks and the recording switch to a version-2 file, keeping its bars and refusing bad chunks', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, [m0001, m0002]);
    db.prepare("INSERT INTO series (id, symbol, timeframe) VALUES (1, 'SPY', '1Min')").run();
    db.prepare("INSERT INTO sources (id, name) VALUES (1, 'test')").run();
    db.prepare('INSERT INTO bars (series_id, t, o, h, l, c, v, source_id) VALUES (1, 1, 1, 2, 0.5, 1.5, 10, 1)').run();
    migrate(db, [m0001, m0002, m0003]);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM bars').pluck(true).get()).toBe(1);
    const index = db.prepare("SELECT name FROM pragma_index_info('tick_chunks_by_day') ORDER BY seqno").pluck(true).all();
    expect(index).toEqual(['symbol', 'kind', 'day', 't0']);
    const insert = db.prepare('INSERT INTO tick_chunks (symbol, kind, day, t0, t1, n, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run('SPY', 'quotes', 19000, 1, 2, 1, Buffer.alloc(40));
    expect(() => insert.run('SPY', 'bars', 19000, 1, 2, 1, Buffer.alloc(40))).toThrow(/CHECK/);
    expect(() => insert.run('SPY', 'trades', 19000, 3, 2, 1, Buffer.alloc(24))).toThrow(/CHECK/);
    expect(() => insert.run('SPY', 'trades', 19000, 1, 2, 0, Buffer.alloc(0))).toThrow(/CHECK/);
    db.prepare("INSERT INTO tick_recording (symbol, since) VALUES ('SPY', 1)").run();
    expect(() => db.prepare("INSERT INTO tick_recording (symbol, since) VALUES ('SPY', 2)").run()).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});
