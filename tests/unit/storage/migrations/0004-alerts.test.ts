import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../../src-main/alerts/alert-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0004-alerts', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('stores rules and firings on a real database file, one firing per rule and event', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0004-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(4);
    const store = new AlertStore(db);
    const rule = { id: 'r1', name: 'AAPL > 100', condition: { kind: 'price-above' as const, symbol: 'AAPL', level: 100 }, enabled: true, webhookUrl: null, repeat: 'cooldown' as const, cooldownSeconds: 300, createdAt: 1, updatedAt: 1 };
    store.saveRule(rule);
    store.saveRule({ ...rule, name: 'renamed', updatedAt: 2 });
    expect(store.rules()).toEqual([{ ...rule, name: 'renamed', updatedAt: 2 }]);

    const candidate = { rule, kind: 'price-above' as const, eventKey: 'cross-up@5', message: 'crossed', value: 100.5, at: 5 };
    expect(store.record(candidate)).toMatchObject({ ruleId: 'r1', eventKey: 'cross-up@5', value: 100.5 });
    expect(store.record(candidate)).toBeNull();
    expect(store.record({ ...candidate, eventKey: 'cross-up@9', at: 9 })).not.toBeNull();
    db.close();

    // Across a restart: the same event still does not fire again, and the history survives its rule.
    const again = new AlertStore(new BetterSqlite3(file));
    expect(again.record(candidate)).toBeNull();
    expect(again.deleteRule('r1')).toBe(true);
    expect(again.history(10).map((f) => f.eventKey)).toEqual(['cross-up@9', 'cross-up@5']);
    expect(() => new BetterSqlite3(file).prepare('INSERT INTO alert_rules (id, name, condition, enabled, webhook_url, created_at, updated_at) VALUES (?,?,?,?,?,?,?)').run('x', 'n', '{bad', 1, null, 1, 1)).toThrow(/CHECK/);
  });
});
