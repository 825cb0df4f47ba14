import type { Migration } from '../migration.js';

/**
 * Stored backtest results, comparable side by side: one row per run (strategy, parameters, data range, fill
 * model, metrics as JSON), its closed trades, and its equity curve (float64 little-endian pairs t,value in a BLOB,
 * so a 20-year daily curve is one 80 kB read).
 */
export const migration: Migration = {
  version: 3,
  name: 'backtest-runs',
  up(db) {
    db.exec(`
      CREATE TABLE backtest_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('backtest', 'walk-forward')),
        strategy TEXT NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        symbols TEXT NOT NULL CHECK (json_valid(symbols)),
        data_from INTEGER NOT NULL,
        data_to INTEGER NOT NULL,
        bars INTEGER NOT NULL,
        fill_model TEXT NOT NULL CHECK (json_valid(fill_model)),
        account TEXT NOT NULL CHECK (json_valid(account)),
        metrics TEXT NOT NULL CHECK (json_valid(metrics)),
        final_value REAL NOT NULL,
        orders_hash TEXT NOT NULL,
        label TEXT
      ) STRICT;
      CREATE INDEX backtest_runs_strategy ON backtest_runs (strategy, created_at);
      CREATE TABLE backtest_trades (
        run_id INTEGER NOT NULL REFERENCES backtest_runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('long', 'short')),
        entry_time INTEGER NOT NULL,
        exit_time INTEGER NOT NULL,
        qty REAL NOT NULL,
        entry_price REAL NOT NULL,
        exit_price REAL NOT NULL,
        pnl REAL NOT NULL,
        return_pct REAL NOT NULL,
        commission REAL NOT NULL,
        bars INTEGER NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) STRICT;
      CREATE TABLE backtest_equity (
        run_id INTEGER PRIMARY KEY NOT NULL REFERENCES backtest_runs (id) ON DELETE CASCADE,
        points INTEGER NOT NULL,
        series BLOB NOT NULL
      ) STRICT;
    `);
  },
};
