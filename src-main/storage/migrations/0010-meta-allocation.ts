import type { Migration } from '../migration.js';

/**
 * The live meta-allocation (issue 17): the trader's limits (one row) and, per session close, each running bot's P&L,
 * the allocation it held, its day return and the weight and allocation the bandit gave it next. The weights over
 * time are shown in the Bots tab, and the allocator replays these days after a restart.
 */
export const migration: Migration = {
  version: 10,
  name: 'meta-allocation',
  up(db) {
    db.exec(`
      CREATE TABLE meta_allocation_limits (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        method TEXT NOT NULL CHECK (method IN ('exp3', 'thompson')),
        min_weight REAL NOT NULL,
        max_weight REAL NOT NULL,
        total_capital REAL NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE meta_allocation_days (
        t INTEGER NOT NULL,
        date TEXT NOT NULL,
        bot_id TEXT NOT NULL,
        pl REAL NOT NULL,
        allocation REAL NOT NULL,
        day_return REAL,
        weight REAL NOT NULL,
        new_allocation TEXT NOT NULL,
        PRIMARY KEY (date, bot_id)
      );
      CREATE INDEX meta_allocation_days_by_time ON meta_allocation_days (t);
    `);
  },
};
