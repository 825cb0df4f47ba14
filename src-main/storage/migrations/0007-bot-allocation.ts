import type { Migration } from '../migration.js';

/**
 * Per-bot capital (issue 14): each bot has an allocation, the dollars of the account it may have in use. Bots
 * stored before this get 10,000, the same default a new bot gets; the trader changes it with the bot.
 */
export const migration: Migration = {
  version: 7,
  name: 'bot-allocation',
  up(db) {
    db.exec(`ALTER TABLE bots ADD COLUMN allocation TEXT NOT NULL DEFAULT '10000'`);
  },
};
