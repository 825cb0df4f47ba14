import type { Migration } from '../migration.js';

/**
 * A bot's equity curve (issue 14), so the Bots tab's detail shows it again after a restart: one row per closed
 * bucket of the curve (a minute of the bot's clock at first, wider once a long run has been downsampled), at most
 * a few thousand rows per bot (see bots/equity-curve.ts).
 */
export const migration: Migration = {
  version: 11,
  name: 'bot-equity',
  up(db) {
    db.exec(`
      CREATE TABLE bot_equity (
        bot_id TEXT NOT NULL,
        t INTEGER NOT NULL,
        equity REAL NOT NULL,
        PRIMARY KEY (bot_id, t)
      ) WITHOUT ROWID;
    `);
  },
};
