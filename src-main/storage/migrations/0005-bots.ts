import type { Migration } from '../migration.js';

/**
 * Bots: a strategy with its parameters, symbols and timeframe, and the state it was last in (a bot left running
 * starts again after the next start-up reconciliation finds no difference; paused and halted bots wait for the
 * trader). `reason` keeps the last error, pause or halt in words.
 */
export const migration: Migration = {
  version: 5,
  name: 'bots',
  up(db) {
    db.exec(`
      CREATE TABLE bots (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        strategy TEXT NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        symbols TEXT NOT NULL CHECK (json_valid(symbols)),
        timeframe TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('stopped', 'starting', 'running', 'paused', 'halted', 'error')),
        reason TEXT,
        state_since INTEGER NOT NULL,
        orders_sent INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
