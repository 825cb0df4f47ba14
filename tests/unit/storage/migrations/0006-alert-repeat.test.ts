import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../../src-main/alerts/alert-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0006-alert-repeat', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('gives market rules stored before it a five-minute cooldown (event rules none), and stores one-shot rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0006-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations.filter((m) => m.version < 6));
    db.prepare('INSERT INTO alert_rules (id, name, condition, enabled, webhook_url, created_at, updated_at) VALUES (?,?,?,?,?,?,?)').run('old', 'AAPL > 100', JSON.stringify({ kind: 'price-above', symbol: 'AAPL', level: 100 }), 1, null, 1, 1);
    db.prepare('INSERT INTO alert_rules (id, name, condition, enabled, webhook_url, created_at, updated_at) VALUES (?,?,?,?,?,?,?)').run('fills', 'fills', JSON.stringify({ kind: 'order-filled' }), 1, null, 2, 2);
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
    const store = new AlertStore(db);
    expect(store.rules().map((r) => [r.id, r.repeat, r.cooldownSeconds])).toEqual([['old', 'cooldown', 300], ['fills', 'cooldown', 0]]);
    store.saveRule({ ...store.rules()[0]!, id: 'once', repeat: 'once', cooldownSeconds: 0, createdAt: 3 });
    db.close();

    const again = new AlertStore(new BetterSqlite3(file));
    expect(again.rules().map((r) => [r.id, r.repeat, r.cooldownSeconds])).toEqual([['old', 'cooldown', 300], ['fills', 'cooldown', 0], ['once', 'once', 0]]);
    expect(() => new BetterSqlite3(file).prepare("UPDATE alert_rules SET repeat = 'always'").run()).toThrow(/CHECK/);
  });
});
