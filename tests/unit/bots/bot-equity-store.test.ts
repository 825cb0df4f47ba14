import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotEquityStore } from '../../../src-main/bots/bot-equity-store.js';
import { EquityCurve } from '../../../src-main/bots/equity-curve.js';
import { openDatabase } from '../../../src-main/storage/database.js';

const MIN = 60_000;
const dirs: string[] = [];
const dbFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bot-equity-'));
  dirs.push(dir);
  return join(dir, 'workstation.db');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a bot equity curve in the app database', () => {
  it('survives closing and reopening the SQLite file, and the next run continues the same bucket', () => {
    const file = dbFile();
    let { db } = openDatabase(file);
    let store = new BotEquityStore(db);
    const curve = new EquityCurve(store.load('b1'), store.sink('b1'));
    for (let i = 0; i < 10; i++) curve.record(i * MIN + 1_000, 1000 + i);
    curve.record(9 * MIN + 30_000, 1009.5); // same minute as the last: replaces it
    curve.flush();
    const before = curve.list();
    expect(before).toHaveLength(10);
    db.close();

    ({ db } = openDatabase(file));
    store = new BotEquityStore(db);
    expect(store.load('b1')).toEqual(before);
    expect(store.load('other')).toEqual([]);
    const again = new EquityCurve(store.load('b1'), store.sink('b1'));
    again.record(9 * MIN + 50_000, 1010); // the stored open minute, updated: one row for that minute, not two
    again.record(10 * MIN, 1011);
    again.flush();
    expect(store.load('b1')).toEqual([...before.slice(0, 9), { t: 9 * MIN + 50_000, equity: 1010 }, { t: 10 * MIN, equity: 1011 }]);
    store.deleteBot('b1');
    expect(store.load('b1')).toEqual([]);
    db.close();
  });

  it('a long run is downsampled: never more than the bound, first and latest points kept, the stored copy equal to memory', () => {
    const file = dbFile();
    const { db } = openDatabase(file);
    const store = new BotEquityStore(db);
    const max = 100;
    const curve = new EquityCurve([], store.sink('long'), max);
    const minutes = 1_000;
    for (let i = 0; i < minutes; i++) {
      curve.record(i * MIN, i);
      expect(curve.list().length).toBeLessThanOrEqual(max);
    }
    curve.flush();
    const points = curve.list();
    expect(points.length).toBeGreaterThan(max / 4);
    expect(points[0]!.t).toBeLessThan(16 * MIN);
    expect(points[points.length - 1]).toEqual({ t: (minutes - 1) * MIN, equity: minutes - 1 });
    // Evenly spaced: every gap is one bucket width (the width doubled from a minute).
    const gaps = new Set(points.slice(1, -1).map((p, i) => p.t - points[i]!.t));
    expect(gaps.size).toBe(1);
    expect(store.load('long')).toEqual(points);
    // Reloaded, it keeps the wider buckets: a new point in the last bucket replaces instead of adding.
    const reloaded = new EquityCurve(store.load('long'), store.sink('long'), max);
    expect(reloaded.list()).toEqual(points);
    db.close();
  });
});
