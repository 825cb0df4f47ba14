import { join } from 'node:path';
import type { BacktestResult } from '../../backtest/backtest.js';
import { BacktestResultsStore } from '../../backtest/results-store.js';
import { resolveDataDir } from '../../services/data-dir.js';
import { openDatabase } from '../../storage/database.js';

/** Stores a run in the data folder's app database; returns its id. */
export function saveRun(dataDir: string | undefined, result: BacktestResult, kind: 'backtest' | 'walk-forward' = 'backtest'): number {
  const { db } = openDatabase(join(resolveDataDir(dataDir), 'workstation.sqlite'));
  try {
    return new BacktestResultsStore(db).save(result, { kind, createdAt: Date.now() });
  } finally {
    db.close();
  }
}
