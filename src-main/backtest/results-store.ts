import type { Database } from 'better-sqlite3';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { BacktestResult } from './backtest.js';
import type { Metrics } from './metrics.js';
import type { ClosedTrade } from './trades.js';

export interface StoredRunSummary {
  id: number;
  createdAt: number;
  kind: 'backtest' | 'walk-forward';
  strategy: string;
  params: Record<string, unknown>;
  symbols: string[];
  from: number;
  to: number;
  bars: number;
  fillModel: unknown;
  account: unknown;
  metrics: Metrics;
  finalValue: number;
  ordersHash: string;
  label: string | null;
}

export interface StoredRun extends StoredRunSummary {
  trades: ClosedTrade[];
  equity: Array<{ t: number; value: number }>;
}

interface RunRow {
  id: number;
  created_at: number;
  kind: 'backtest' | 'walk-forward';
  strategy: string;
  params: string;
  symbols: string;
  data_from: number;
  data_to: number;
  bars: number;
  fill_model: string;
  account: string;
  metrics: string;
  final_value: number;
  orders_hash: string;
  label: string | null;
}

/** Backtest results in the app database (tables from migration 0003). */
export class BacktestResultsStore {
  constructor(private readonly db: Database) {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'backtest_runs'").get();
    if (!table) throw new CodedError('UNAVAILABLE', 'this database has no backtest tables (schema migration 0003 has not run)');
  }

  save(result: BacktestResult, options: { kind?: 'backtest' | 'walk-forward'; label?: string; createdAt: number }): number {
    const insertRun = this.db.prepare(
      `INSERT INTO backtest_runs (created_at, kind, strategy, params, symbols, data_from, data_to, bars, fill_model, account, metrics, final_value, orders_hash, label)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTrade = this.db.prepare(
      `INSERT INTO backtest_trades (run_id, seq, symbol, direction, entry_time, exit_time, qty, entry_price, exit_price, pnl, return_pct, commission, bars)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEquity = this.db.prepare('INSERT INTO backtest_equity (run_id, points, series) VALUES (?, ?, ?)');
    return this.db.transaction(() => {
      const info = insertRun.run(
        options.createdAt,
        options.kind ?? 'backtest',
        result.strategy,
        JSON.stringify(result.params),
        JSON.stringify(result.symbols),
        result.from,
        result.to,
        result.bars,
        JSON.stringify(result.fillModel),
        JSON.stringify(result.account),
        JSON.stringify(result.metrics),
        result.finalValue,
        result.ordersHash,
        options.label ?? null,
      );
      const id = Number(info.lastInsertRowid);
      result.trades.forEach((t, i) =>
        insertTrade.run(id, i, t.symbol, t.direction, t.entryTime, t.exitTime, t.qty, t.entryPrice, t.exitPrice, t.pnl, t.returnPct, t.commission, t.bars),
      );
      const points = result.equity.t.length;
      const series = new Float64Array(points * 2);
      for (let i = 0; i < points; i++) {
        series[2 * i] = result.equity.t[i]!;
        series[2 * i + 1] = result.equity.value[i]!;
      }
      insertEquity.run(id, points, Buffer.from(series.buffer, series.byteOffset, series.byteLength));
      return id;
    })();
  }

  list(limit = 100): StoredRunSummary[] {
    const rows = this.db.prepare('SELECT * FROM backtest_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[];
    return rows.map(summary);
  }

  get(id: number): StoredRun {
    const row = this.db.prepare('SELECT * FROM backtest_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new CodedError('NOT_FOUND', `no stored backtest run ${id}`);
    const trades = (this.db.prepare('SELECT * FROM backtest_trades WHERE run_id = ? ORDER BY seq').all(id) as Array<Record<string, number | string>>).map(
      (t): ClosedTrade => ({
        symbol: String(t.symbol),
        direction: t.direction === 'short' ? 'short' : 'long',
        entryTime: Number(t.entry_time),
        exitTime: Number(t.exit_time),
        qty: Number(t.qty),
        entryPrice: Number(t.entry_price),
        exitPrice: Number(t.exit_price),
        pnl: Number(t.pnl),
        returnPct: Number(t.return_pct),
        commission: Number(t.commission),
        bars: Number(t.bars),
      }),
    );
    const eq = this.db.prepare('SELECT points, series FROM backtest_equity WHERE run_id = ?').get(id) as { points: number; series: Buffer } | undefined;
    const equity: Array<{ t: number; value: number }> = [];
    if (eq) {
      const copy = new Float64Array(eq.points * 2);
      new Uint8Array(copy.buffer).set(eq.series);
      for (let i = 0; i < eq.points; i++) equity.push({ t: copy[2 * i]!, value: copy[2 * i + 1]! });
    }
    return { ...summary(row), trades, equity };
  }

  /** Side by side: one row per metric, one column per run (in the order asked). */
  compare(ids: readonly number[]): { runs: StoredRunSummary[]; rows: Array<{ metric: keyof Metrics; values: Array<number | null> }> } {
    const runs = ids.map((id) => {
      const row = this.db.prepare('SELECT * FROM backtest_runs WHERE id = ?').get(id) as RunRow | undefined;
      if (!row) throw new CodedError('NOT_FOUND', `no stored backtest run ${id}`);
      return summary(row);
    });
    const metricNames = Object.keys(runs[0]?.metrics ?? {}) as Array<keyof Metrics>;
    return { runs, rows: metricNames.map((metric) => ({ metric, values: runs.map((r) => r.metrics[metric]) })) };
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM backtest_runs WHERE id = ?').run(id);
  }
}

function summary(row: RunRow): StoredRunSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    strategy: row.strategy,
    params: JSON.parse(row.params) as Record<string, unknown>,
    symbols: JSON.parse(row.symbols) as string[],
    from: row.data_from,
    to: row.data_to,
    bars: row.bars,
    fillModel: JSON.parse(row.fill_model) as unknown,
    account: JSON.parse(row.account) as unknown,
    metrics: JSON.parse(row.metrics) as Metrics,
    finalValue: row.final_value,
    ordersHash: row.orders_hash,
    label: row.label,
  };
}
