import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeStore } from '../../../../src-main/discovery/outcome-store.js';
import type { ScoredOutcome } from '../../../../src-main/discovery/signal.js';
import { migrate } from '../../../../src-main/storage/migrate.js';
import { migrations } from '../../../../src-main/storage/migrations/index.js';

const outcome = (over: Partial<ScoredOutcome>): ScoredOutcome => ({
  strategy: 'swing',
  symbol: 'NVDA',
  direction: 'up',
  source: 'order',
  rawConfidence: 0.5,
  magnitude: null,
  regime: 'normal',
  generatedAt: 1000,
  endedAt: 6000,
  horizonBars: 5,
  realizedReturn: 0.02,
  hit: true,
  magnitudeError: null,
  ...over,
});

describe('migration 0009-insight-outcomes', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('adds the record to a version-8 database and keeps scored signals across a reopen; a rescored signal replaces its row', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm0009-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, migrations.filter((m) => m.version < 9));
    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(9);
    const store = new OutcomeStore(db);
    const a = outcome({});
    const b = outcome({ strategy: 'ensemble', source: 'insight', direction: 'down', rawConfidence: 0.8, magnitude: 0.03, regime: 'turbulent', endedAt: 9000, realizedReturn: 0.01, hit: false, magnitudeError: -0.04 });
    store.save([a, b]);
    store.save([{ ...a, realizedReturn: -0.01, hit: false }]);
    db.close();

    const again = new BetterSqlite3(file);
    const reopened = new OutcomeStore(again);
    expect(reopened.list()).toEqual([{ ...a, realizedReturn: -0.01, hit: false }, b]);
    expect(reopened.list({ strategy: 'ensemble' })).toEqual([b]);
    expect(reopened.list({ until: 8000 })).toEqual([{ ...a, realizedReturn: -0.01, hit: false }]);
    expect(() => again.prepare("INSERT INTO insight_outcomes VALUES ('x','Y',1,'sideways','order',0.5,NULL,'normal',2,1,0,0,NULL)").run()).toThrow(/CHECK/);
    again.close();
  });
});
