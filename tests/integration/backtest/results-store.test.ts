import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { BacktestResultsStore } from '../../../src-main/backtest/results-store.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { openDatabase } from '../../../src-main/storage/database.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

describe('backtest results in a real SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-store-'));
  const file = join(dir, 'workstation.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'nvda-1999-2014.txt'), 'utf8'), 'nvda-1999-2014.txt');
  const a = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'NVDA', rows, { account: { cash: 100_000 } });
  const b = backtestBars(smaCross, { fast: 20, slow: 50, size: 100 }, 'NVDA', rows, { account: { cash: 100_000 }, fill: { commission: { kind: 'per-order', perOrder: 1 } } });

  it('saves two runs, lists them newest first, reads one back whole and compares them side by side, across a reopen', () => {
    const first = openDatabase(file);
    const store = new BacktestResultsStore(first.db);
    const idA = store.save(a, { createdAt: 1_000, label: 'baseline' });
    const idB = store.save(b, { createdAt: 2_000 });
    first.db.close();

    // A fresh connection to the same file: what was committed is what comes back.
    const second = openDatabase(file);
    const reopened = new BacktestResultsStore(second.db);
    const list = reopened.list();
    expect(list.map((r) => r.id)).toEqual([idB, idA]);
    expect(list[1]).toMatchObject({ strategy: 'sma-cross', params: { fast: 10, slow: 30, size: 100 }, symbols: ['NVDA'], bars: a.bars, finalValue: a.finalValue, ordersHash: a.ordersHash, label: 'baseline', kind: 'backtest' });
    expect(list[0]!.fillModel).toEqual(b.fillModel);

    const stored = reopened.get(idA);
    expect(stored.trades).toEqual(a.trades);
    expect(stored.equity).toHaveLength(a.equity.t.length);
    stored.equity.forEach((p, i) => {
      expect(p.t).toBe(a.equity.t[i]);
      expect(p.value).toBe(a.equity.value[i]);
    });
    expect(stored.metrics).toEqual(JSON.parse(JSON.stringify(a.metrics)));

    const side = reopened.compare([idB, idA]);
    expect(side.runs.map((r) => r.id)).toEqual([idB, idA]);
    const row = (metric: string) => side.rows.find((r) => r.metric === metric)!.values;
    expect(row('totalReturn')).toEqual([b.metrics.totalReturn, a.metrics.totalReturn]);
    expect(row('closedTrades')).toEqual([b.closedTrades, a.closedTrades]);
    expect(row('commissions')[0]).toBeGreaterThan(0);
    expect(row('commissions')[1]).toBe(0);

    expect(() => reopened.get(idB + 100)).toThrow(/no stored backtest run/);
    expect(() => reopened.compare([idA, idB + 100])).toThrow(/no stored backtest run/);
    reopened.delete(idA);
    expect(reopened.list().map((r) => r.id)).toEqual([idB]);
    expect(second.db.prepare('SELECT COUNT(*) FROM backtest_trades WHERE run_id = ?').pluck(true).get(idA)).toBe(0);
    second.db.close();
  });
});
