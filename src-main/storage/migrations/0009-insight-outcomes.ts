import type { Migration } from '../migration.js';

/**
 * The scanner's record (issue 17): every signal scored when its horizon ended, by strategy, symbol and volatility
 * regime, with the raw confidence it came with, the realized return, the direction hit and the magnitude error
 * (null when the signal gave no magnitude). Calibration reads it per strategy and regime. One row per signal: a
 * scan that scores the same signal again replaces it.
 */
export const migration: Migration = {
  version: 9,
  name: 'insight-outcomes',
  up(db) {
    db.exec(`
      CREATE TABLE insight_outcomes (
        strategy TEXT NOT NULL,
        symbol TEXT NOT NULL,
        generated_at INTEGER NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('up', 'down')),
        source TEXT NOT NULL CHECK (source IN ('insight', 'order')),
        raw_confidence REAL NOT NULL,
        magnitude REAL,
        regime TEXT NOT NULL CHECK (regime IN ('calm', 'normal', 'turbulent')),
        ended_at INTEGER NOT NULL,
        horizon_bars INTEGER NOT NULL,
        realized_return REAL NOT NULL,
        hit INTEGER NOT NULL,
        magnitude_error REAL,
        PRIMARY KEY (strategy, symbol, generated_at, direction, source)
      );
      CREATE INDEX insight_outcomes_by_strategy ON insight_outcomes (strategy, regime, ended_at);
    `);
  },
};
