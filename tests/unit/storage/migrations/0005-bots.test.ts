import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotStore } from '../../../../src-main/bots/bot-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0005-bots', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('stores bots on a real database file and keeps them across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0005-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
    const store = new BotStore(db);
    const bot = {
      id: 'b1',
      name: 'AAPL cross',
      strategy: 'sma-cross',
      params: { fast: 5, slow: 20, size: 10 },
      symbols: ['AAPL'],
      timeframe: '1Min' as const,
      allocation: '10000',
      state: 'stopped' as const,
      reason: null,
      stateSince: 1,
      ordersSent: 0,
      createdAt: 1,
      updatedAt: 1,
    };
    store.save(bot);
    store.save({ ...bot, state: 'error', reason: 'boom', stateSince: 5, ordersSent: 3, updatedAt: 5 });
    db.close();

    const again = new BotStore(new BetterSqlite3(file));
    expect(again.all()).toEqual([{ ...bot, state: 'error', reason: 'boom', stateSince: 5, ordersSent: 3, updatedAt: 5 }]);
    expect(again.delete('b1')).toBe(true);
    expect(again.get('b1')).toBeUndefined();
    expect(() => new BetterSqlite3(file).prepare('INSERT INTO bots VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)').run('x', 'n', 's', '{}', '[]', '1Min', 'dancing', null, 1, 0, 1, 1, '10000', '{}')).toThrow(/CHECK/);
  });
});
