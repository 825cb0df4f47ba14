import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/storage/database.js';
import { checkMigrationList, migrate } from '../../../src-main/storage/migrate.js';
import type { Migration } from '../../../src-main/storage/migration.js';
import { migrations } from '../../../src-main/storage/migrations/index.js';

describe('migrations runner', () => {
  const dirs: string[] = [];
  const tempFile = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
    dirs.push(dir);
    return join(dir, 'db.sqlite');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('lists every migration file in the folder, numbered 0001 upward with matching versions', () => {
    const folder = join(__dirname, '../../../src-main/storage/migrations');
    const files = readdirSync(folder).filter((f) => /^\d{4}-.+\.ts$/.test(f)).sort();
    expect(files.length).toBe(migrations.length);
    files.forEach((file, index) => {
      expect(Number(file.slice(0, 4))).toBe(index + 1);
      expect(file).toBe(`${String(migrations[index]!.version).padStart(4, '0')}-${migrations[index]!.name}.ts`);
    });
    // Every migration has its own test file.
    const tests = readdirSync(join(__dirname, 'migrations'));
    for (const file of files) expect(tests).toContain(file.replace(/\.ts$/, '.test.ts'));
  });

  it('opens a real file in WAL mode, migrates once, and is idempotent on reopen', () => {
    const file = tempFile();
    const first = openDatabase(file);
    expect(first.migration).toMatchObject({ from: 0, to: migrations.length });
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    first.db.close();
    const second = openDatabase(file);
    expect(second.migration).toEqual({ from: migrations.length, to: migrations.length, applied: [] });
    const rows = second.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect(rows).toHaveLength(migrations.length);
    second.db.close();
  });

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const db = new BetterSqlite3(tempFile());
    const list: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x INTEGER)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE two (x INTEGER)');
          throw new Error('disk on fire');
        },
      },
    ];
    expect(() => migrate(db, list)).toThrow('disk on fire');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'two'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database newer than this build, and a list with gaps', () => {
    const db = new BetterSqlite3(tempFile());
    db.pragma('user_version = 99');
    expect(() => migrate(db, migrations)).toThrow(/newer than this build/);
    db.close();
    expect(() => checkMigrationList([{ version: 2, name: 'x', up: () => {} }])).toThrow(/out of order/);
  });
});
