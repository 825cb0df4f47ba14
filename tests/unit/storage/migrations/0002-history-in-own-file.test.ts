import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { historyDatabasePath, openHistoryDatabase } from '../../../../src-main/history/history-db.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migration as m0001 } from '../../../../src-main/storage/migrations/0001-settings.js';
import { migration } from '../../../../src-main/storage/migrations/0002-history-in-own-file.js';

describe('migration 0002-history-in-own-file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('advances the app database to version 2 without bar tables; bars go to history.sqlite beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0002-'));
    dirs.push(dir);
    const app = new BetterSqlite3(join(dir, 'workstation.sqlite'));
    const tables = (): string[] => app.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck(true).all() as string[];
    migrate(app, [m0001]);
    const before = tables();
    expect(migrate(app, [m0001, migration]).applied).toEqual(['0002-history-in-own-file']);
    expect(app.pragma('user_version', { simple: true })).toBe(2);
    expect(tables()).toEqual(before);
    app.close();
    const history = openHistoryDatabase(historyDatabasePath(dir));
    expect(history.prepare("SELECT name FROM sqlite_schema WHERE name = 'bars'").pluck(true).get()).toBe('bars');
    history.close();
  });
});
