import type { Migration } from '../migration.js';

/**
 * Protections and the decision log of bots (issue 14): each bot keeps its protection settings (JSON, none for bots
 * stored before), the locks its protections made (with reason and end, and when the trader lifted one), and its
 * decisions: the orders its signals became and the signals that did not, with the reason.
 */
export const migration: Migration = {
  version: 8,
  name: 'bot-protections',
  up(db) {
    db.exec(`
      ALTER TABLE bots ADD COLUMN protections TEXT NOT NULL DEFAULT '{}';
      CREATE TABLE bot_locks (
        id TEXT PRIMARY KEY,
        bot_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        protection TEXT NOT NULL,
        reason TEXT NOT NULL,
        from_at INTEGER NOT NULL,
        until INTEGER NOT NULL,
        lifted_at INTEGER
      );
      CREATE INDEX bot_locks_by_bot ON bot_locks (bot_id, until);
      CREATE TABLE bot_decisions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        bot_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        code TEXT NOT NULL,
        symbol TEXT,
        side TEXT,
        qty REAL,
        reason TEXT NOT NULL,
        cause TEXT,
        order_id TEXT
      );
      CREATE INDEX bot_decisions_by_bot ON bot_decisions (bot_id, seq);
    `);
  },
};
