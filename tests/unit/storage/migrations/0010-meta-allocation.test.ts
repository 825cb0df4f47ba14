import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AllocationStore, DEFAULT_ALLOCATION_LIMITS } from '../../../../src-main/discovery/allocation/allocation-store.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

describe('migration 0010-meta-allocation', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('adds the limits and the weights over time to a version-9 database; they survive a reopen; a date decided again replaces its rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0010-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations.filter((m) => m.version < 10));
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10);
    const store = new AllocationStore(db);
    expect(store.limits()).toEqual(DEFAULT_ALLOCATION_LIMITS);
    store.saveLimits({ enabled: true, method: 'exp3', minWeight: 0.1, maxWeight: 0.7, totalCapital: 12_345 }, 5);
    const row = (botId: string, weight: number) => ({ botId, pl: 1.5, allocation: 100, dayReturn: null, weight, newAllocation: (weight * 200).toFixed(2) });
    store.saveDay({ t: 10, date: '2024-03-12', rows: [row('a', 0.5), row('b', 0.5)] });
    store.saveDay({ t: 20, date: '2024-03-13', rows: [row('a', 0.4), row('b', 0.6)] });
    store.saveDay({ t: 21, date: '2024-03-13', rows: [row('a', 0.3), row('b', 0.7)] });
    db.close();

    const again = new BetterSqlite3(file);
    const reopened = new AllocationStore(again);
    expect(reopened.limits()).toEqual({ enabled: true, method: 'exp3', minWeight: 0.1, maxWeight: 0.7, totalCapital: 12_345 });
    expect(reopened.days().map((d) => [d.date, d.t, d.rows.map((r) => r.weight)])).toEqual([
      ['2024-03-12', 10, [0.5, 0.5]],
      ['2024-03-13', 21, [0.3, 0.7]],
    ]);
    expect(reopened.days(1).map((d) => d.date)).toEqual(['2024-03-13']);
    expect(() => again.prepare("INSERT INTO meta_allocation_limits VALUES (2, 1, 'exp3', 0.1, 0.5, 1, 0)").run()).toThrow(/CHECK/);
    again.close();
  });
});
