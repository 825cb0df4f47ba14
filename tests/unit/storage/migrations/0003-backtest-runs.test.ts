import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migration as m0001 } from '../../../../src-main/storage/migrations/0001-settings.js';
import { migration as m0002 } from '../../../../src-main/storage/migrations/0002-history-in-own-file.js';
import { migration } from '../../../../src-main/storage/migrations/0003-backtest-runs.js';

describe('migration 0003-backtest-runs', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('adds the run, trade and equity tables; trades and equity go with their run; bad JSON and kinds are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0003-'));
    dirs.push(dir);
    const db = new BetterSqlite3(join(dir, 'workstation.sqlite'));
    db.pragma('foreign_keys = ON');
    migrate(db, [m0001, m0002]);
    expect(migrate(db, [m0001, m0002, migration]).applied).toEqual(['0003-backtest-runs']);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'backtest_%' ORDER BY name").pluck(true).all();
    expect(tables).toEqual(['backtest_equity', 'backtest_runs', 'backtest_trades']);
    const insertRun = db.prepare(
      `INSERT INTO backtest_runs (created_at, kind, strategy, params, symbols, data_from, data_to, bars, fill_model, account, metrics, final_value, orders_hash)
       VALUES (1, ?, 'sma-cross', ?, '["X"]', 0, 1, 2, '{}', '{}', '{}', 1.5, 'h')`,
    );
    const id = Number(insertRun.run('backtest', '{"fast":10}').lastInsertRowid);
    db.prepare("INSERT INTO backtest_trades VALUES (?, 0, 'X', 'long', 0, 1, 1, 1, 2, 1, 1, 0, 1)").run(id);
    db.prepare('INSERT INTO backtest_equity VALUES (?, 1, ?)').run(id, Buffer.alloc(16));
    expect(() => insertRun.run('backtest', 'not json')).toThrow(/CHECK/);
    expect(() => insertRun.run('paper', '{}')).toThrow(/CHECK/);
    db.prepare('DELETE FROM backtest_runs WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) FROM backtest_trades').pluck(true).get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM backtest_equity').pluck(true).get()).toBe(0);
    db.close();
  });
});
