import type { Migration } from '../migration.js';

/**
 * How often an alert rule may fire: 'once' (then it turns itself off) or 'cooldown' (silent for `cooldown_seconds`
 * after each firing). Rules stored before this default to a five-minute cooldown, so a price hovering at a level
 * no longer fires on every wiggle.
 */
export const migration: Migration = {
  version: 6,
  name: 'alert-repeat',
  up(db) {
    db.exec(`
      ALTER TABLE alert_rules ADD COLUMN repeat TEXT NOT NULL DEFAULT 'cooldown' CHECK (repeat IN ('once', 'cooldown'));
      ALTER TABLE alert_rules ADD COLUMN cooldown_seconds INTEGER NOT NULL DEFAULT 300 CHECK (cooldown_seconds >= 0);
      UPDATE alert_rules SET cooldown_seconds = 0
        WHERE json_extract(condition, '$.kind') IN ('order-filled', 'order-rejected', 'risk-state', 'disconnect', 'bot-error');
    `);
  },
};
