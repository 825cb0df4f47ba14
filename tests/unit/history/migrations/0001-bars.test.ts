import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../../../src-main/history/history-db.js';
import { migration } from '../../../../src-main/history/migrations/0001-bars.js';
import { historyMigrations } from '../../../../src-main/history/migrations/index.js';
import { migrate } from '../../../../src-main/storage/migrate.js';

describe('history migration 0001-bars', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'h0001-'));
    dirs.push(dir);
    return dir;
  };

  it('lists every migration file in order', () => {
    const files = readdirSync(join(__dirname, '../../../../src-main/history/migrations')).filter((f) => /^\d{4}-.+\.ts$/.test(f)).sort();
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(historyMigrations.map((m) => m.version));
  });

  it('creates bars keyed by (series, t) without a rowid, refusing high below low and duplicate keys', () => {
    const db = new BetterSqlite3(join(tempDir(), 'h.sqlite'));
    migrate(db, [migration]);
    const pk = db.prepare("SELECT name FROM pragma_table_info('bars') WHERE pk > 0 ORDER BY pk").pluck(true).all();
    expect(pk).toEqual(['series_id', 't']);
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'bars'").pluck(true).get() as string;
    expect(sql).toMatch(/WITHOUT ROWID/);
    const insert = db.prepare('INSERT INTO bars (series_id, t, o, h, l, c, v, adj_close, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(1, 1000, 1, 2, 0.5, 1.5, 10, null, 1);
    expect(() => insert.run(1, 1000, 1, 2, 0.5, 1.5, 10, null, 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(1, 2000, 1, 0.4, 0.5, 1.5, 10, null, 1)).toThrow(/CHECK/);
    expect(() => insert.run(1, 3000, 'x', 2, 0.5, 1.5, 10, null, 1)).toThrow(/cannot store TEXT value in REAL column/);
    db.close();
  });

  it('opens the history file in WAL with synchronous NORMAL, migrated', () => {
    const db = openHistoryDatabase(join(tempDir(), 'sub', 'history.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(historyMigrations.length);
    db.close();
  });
});
