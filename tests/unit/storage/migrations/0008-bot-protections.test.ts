import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotFrameworkStore } from '../../../../src-main/bots/bot-framework-store.js';
import { BotStore } from '../../../../src-main/bots/bot-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0008-bot-protections', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives old bots no protections, keeps protections, locks (lifted too) and decisions across a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0008-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations.filter((m) => m.version < 8));
    db.prepare('INSERT INTO bots VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)').run('old', 'old bot', 'sma-cross', '{}', '["AAPL"]', '1Min', 'stopped', null, 1, 0, 1, 1, '10000');
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    const bots = new BotStore(db);
    expect(bots.get('old')!.protections).toBeUndefined();
    bots.save({ ...bots.get('old')!, id: 'guarded', protections: { cooldown: { hours: 2 } }, createdAt: 2 });
    const store = new BotFrameworkStore(db);
    store.saveLock('guarded', { id: 'l1', scope: 'AAPL', protection: 'cooldown', reason: 'cooldown after closing AAPL (2 h)', from: 100, until: 200 });
    store.saveLock('guarded', { id: 'l2', scope: '*', protection: 'max-drawdown', reason: 'drawdown 12%', from: 150, until: 500 });
    store.liftLock('guarded', 'l2', 160);
    store.addDecision('guarded', { t: 120, code: 'PROTECTION', symbol: 'AAPL', side: 'buy', qty: 3, reason: 'AAPL is locked', cause: 'entry' });
    store.addDecision('guarded', { t: 130, code: 'ORDER_SENT', symbol: 'AAPL', side: 'sell', qty: 3, reason: 'market sell 3', orderId: 'c-9' });
    db.close();

    const again = new BetterSqlite3(file);
    expect(new BotStore(again).get('guarded')!.protections).toEqual({ cooldown: { hours: 2 } });
    const reopened = new BotFrameworkStore(again);
    expect(reopened.locks('guarded', 170).map((l) => l.id)).toEqual(['l1']);
    expect(reopened.locks('guarded').find((l) => l.id === 'l2')!.liftedAt).toBe(160);
    expect(reopened.decisions('guarded', 10)).toEqual([
      { t: 130, code: 'ORDER_SENT', symbol: 'AAPL', side: 'sell', qty: 3, reason: 'market sell 3', orderId: 'c-9' },
      { t: 120, code: 'PROTECTION', symbol: 'AAPL', side: 'buy', qty: 3, reason: 'AAPL is locked', cause: 'entry' },
    ]);
    reopened.deleteBot('guarded');
    expect(reopened.decisions('guarded', 10)).toEqual([]);
    again.close();
  });
});
