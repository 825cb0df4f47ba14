import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotEquityStore } from '../../../../src-main/bots/bot-equity-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0011-bot-equity', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('adds the equity table to a version-10 database; points are kept per bot across a reopen, one per time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0011-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    let db = new BetterSqlite3(file);
    migrate(db, migrations.filter((m) => m.version < 11));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'bot_equity'").get()).toBeUndefined();
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
    new BotEquityStore(db).sink('a').append({ t: 60_000, equity: 10 }, 60_000);
    new BotEquityStore(db).sink('b').append({ t: 60_000, equity: 20 }, 60_000);
    expect(() => db.prepare('INSERT INTO bot_equity (bot_id, t, equity) VALUES (?, ?, ?)').run('a', 60_000, 11)).toThrow(/UNIQUE|PRIMARY/);
    db.close();
    db = new BetterSqlite3(file);
    expect(new BotEquityStore(db).load('a')).toEqual([{ t: 60_000, equity: 10 }]);
    expect(new BotEquityStore(db).load('b')).toEqual([{ t: 60_000, equity: 20 }]);
    db.close();
  });
});
