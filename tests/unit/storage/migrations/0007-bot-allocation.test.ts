import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotStore } from '../../../../src-main/bots/bot-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0007-bot-allocation', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives bots stored before it the default allocation of 10000, and keeps an allocation saved with a bot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0007-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations.filter((m) => m.version < 7));
    db.prepare('INSERT INTO bots VALUES (?,?,?,?,?,?,?,?,?,?,?,?)').run('old', 'old bot', 'sma-cross', '{}', '["AAPL"]', '1Min', 'stopped', null, 1, 0, 1, 1);
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    const store = new BotStore(db);
    expect(store.get('old')?.allocation).toBe('10000');
    store.save({ ...store.get('old')!, id: 'small', allocation: '2500.50', createdAt: 2 });
    db.close();

    const again = new BotStore(new BetterSqlite3(file));
    expect(again.all().map((b) => [b.id, b.allocation])).toEqual([['old', '10000'], ['small', '2500.50']]);
  });
});
