import type { Migration } from '../migration.js';

/**
 * Alert rules and every firing. A rule fires at most once per event: UNIQUE(rule_id, event_key) makes the store
 * the judge, across restarts too. Firings outlive their rule (rule_name is kept with them).
 */
export const migration: Migration = {
  version: 4,
  name: 'alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        condition TEXT NOT NULL CHECK (json_valid(condition)),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        webhook_url TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE alert_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        kind TEXT NOT NULL,
        event_key TEXT NOT NULL,
        message TEXT NOT NULL,
        value REAL,
        at INTEGER NOT NULL,
        UNIQUE (rule_id, event_key)
      ) STRICT;
      CREATE INDEX alert_history_at ON alert_history (at DESC);
    `);
  },
};
