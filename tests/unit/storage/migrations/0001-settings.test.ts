import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migration } from '../../../../src-main/storage/migrations/0001-settings.js';

describe('migration 0001-settings', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates a settings table that only holds valid JSON, on a real database file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0001-'));
    dirs.push(dir);
    const db = new BetterSqlite3(join(dir, 'db.sqlite'));
    migrate(db, [migration]);
    const columns = db.prepare("SELECT name, type, pk FROM pragma_table_info('settings')").all();
    expect(columns).toEqual([
      { name: 'key', type: 'TEXT', pk: 1 },
      { name: 'value', type: 'TEXT', pk: 0 },
      { name: 'updated_at', type: 'INTEGER', pk: 0 },
    ]);
    db.prepare('INSERT INTO settings VALUES (?, ?, ?)').run('a', '{"x":1}', 1);
    expect(() => db.prepare('INSERT INTO settings VALUES (?, ?, ?)').run('b', '{not json', 1)).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO settings VALUES (?, ?, ?)').run('a', '1', 2)).toThrow(/UNIQUE|PRIMARY/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });
});
